// The signup window's preload logic. Zod-free and tiny (one CJS file): it exposes nothing to the
// page; it listens for the launcher's result and forwards it to main on one IPC channel.
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import { isSignupResultMessage } from '@shared/signup/launcher-protocol'
import type { IpcRendererLike } from './preload-api'

/** What the preload reads from a `message` event (a DOM MessageEvent satisfies it). */
export interface MessageEventLike {
  readonly source: unknown
  readonly origin: string
  readonly data: unknown
}

/** The preload's own window (isolated world): the launcher posts its result to it. */
export interface SignupWindowLike {
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void
  readonly location: { readonly origin: string }
}

/** What main answers (signup-window.ts); the launcher learns nothing from it. */
export type DeliveryReply = { accepted: true } | { accepted: false; reason: string }

/**
 * The launcher page (src/shared/signup/launcher-protocol.ts) posts `{type: WAPC_SIGNUP_RESULT,
 * state, code, events}` to its own window with its own origin as target. Only that is forwarded:
 * sent by this window itself (not the ES popup or a frame), from this page's origin, in the
 * protocol's shape — and only once. Main checks the sender frame and the state again.
 */
export function forwardSignupResults(
  win: SignupWindowLike,
  ipc: Pick<IpcRendererLike, 'invoke'>,
): void {
  let sent = false
  win.addEventListener('message', (event) => {
    if (sent || event.source !== win || event.origin !== win.location.origin) return
    const data = event.data
    if (!isSignupResultMessage(data)) return
    sent = true
    // Only the protocol's fields cross to main, copied out of the page's object.
    const result = { state: data.state, code: data.code, events: [...data.events] }
    void ipc.invoke(IPC_SIGNUP_RESULT, result).catch(() => {
      // Main gone (app quitting): nothing the page could do about it.
    })
  })
}
