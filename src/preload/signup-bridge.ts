// The signup window's preload: one function, nothing else. Zod-free and tiny (one CJS file).
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import type { ContextBridgeLike, IpcRendererLike } from './preload-api'

/** The key the launcher page finds it under: `window.wapcSignup.deliver(result)`. */
export const SIGNUP_BRIDGE_KEY = 'wapcSignup'

export type DeliveryReply = { accepted: true } | { accepted: false; reason: string }

export interface SignupBridge {
  /**
   * Hands the launcher's result `{state, code, events}` to the app. Main accepts it only from the
   * signup window's own top frame on the launcher's origin, once.
   */
  deliver(result: unknown): Promise<DeliveryReply>
}

const isReply = (value: unknown): value is DeliveryReply =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { accepted?: unknown }).accepted === 'boolean'

export function createSignupBridge(ipc: Pick<IpcRendererLike, 'invoke'>): SignupBridge {
  return {
    async deliver(result) {
      try {
        const reply = await ipc.invoke(IPC_SIGNUP_RESULT, result)
        return isReply(reply) ? reply : { accepted: false, reason: 'unexpected reply' }
      } catch (error) {
        return {
          accepted: false,
          reason: `The app did not answer: ${error instanceof Error ? error.message : String(error)}`,
        }
      }
    },
  }
}

export function exposeSignupBridge(
  contextBridge: ContextBridgeLike,
  ipc: Pick<IpcRendererLike, 'invoke'>,
): void {
  contextBridge.exposeInMainWorld(SIGNUP_BRIDGE_KEY, createSignupBridge(ipc))
}
