import { z } from 'zod'
import { IPC_EVENT, IPC_INVOKE, type AppErrorData, type Result } from '@shared/contract'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { Router } from '../router'

/** What the transport reads from `event.senderFrame` (Electron's WebFrameMain satisfies it). */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/** A window's WebContents as far as push events are concerned. */
export interface PushTarget {
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike
  router: Router
  events: CoreEvents
  /** Whether a top-level frame's URL is the app's own origin. */
  isTrustedFrame: (frame: SenderFrame) => boolean
  /** The app windows' WebContents, read on every push (windows come and go). */
  getWebContents: () => Iterable<PushTarget>
  log: Logger
}

/** What the preload sends: one envelope per call, on one IPC channel. */
const invokeMessageSchema = z.strictObject({
  channel: z.string().max(128),
  input: z.unknown().optional(),
})

const refusal = (code: AppErrorData['code'], message: string): Result<never> => ({
  ok: false,
  error: { code, message, retryable: false },
})

/**
 * The Electron transport: moves envelopes between `ipcRenderer.invoke` and the router, and push
 * events to the app windows. No domain logic, so it behaves exactly like the WebSocket transport.
 * Every call is checked against its sender frame first: only the app's own top-level document may
 * call the core, never a subframe or a page that navigated elsewhere.
 */
export function attachIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, router, events, log } = options

  const senderProblem = (event: InvokeEvent): string | null => {
    // WebFrameMain getters throw once the frame is disposed; a gone frame is an untrusted one.
    try {
      const frame = event.senderFrame
      if (frame === null || frame === undefined) return 'no sender frame'
      if (frame.parent !== null) return 'sent from a subframe'
      if (!options.isTrustedFrame(frame)) return 'sent from outside the app origin'
      return null
    } catch {
      return 'sender frame unavailable'
    }
  }

  ipcMain.handle(IPC_INVOKE, async (event, message): Promise<Result<unknown>> => {
    try {
      const problem = senderProblem(event)
      if (problem !== null) {
        log.warn('ipc.forbidden', { reason: problem, url: frameOrigin(event) })
        return refusal('FORBIDDEN', 'This window is not allowed to call the app.')
      }
      const parsed = invokeMessageSchema.safeParse(message)
      if (!parsed.success) {
        log.warn('ipc.malformed')
        return refusal('VALIDATION', 'Malformed IPC message: expected { channel, input }.')
      }
      return await router.dispatch(parsed.data.channel, parsed.data.input, {
        transport: 'electron',
      })
    } catch (error) {
      // The router never throws; this guards the promise ipcMain hands back to the renderer.
      log.error('ipc.crashed', { error })
      return refusal('INTERNAL', 'The IPC transport failed; the log has the details.')
    }
  })

  const unsubscribe = events.subscribe((event, payload) => {
    for (const contents of options.getWebContents()) {
      try {
        if (contents.isDestroyed()) continue
        contents.send(IPC_EVENT, { event, payload })
      } catch (error) {
        // A renderer that crashed or is closing must not stop the others from getting the event.
        log.warn('ipc.push-failed', { event, error })
      }
    }
  })

  return () => {
    ipcMain.removeHandler(IPC_INVOKE)
    unsubscribe()
  }
}

/** Scheme and host only, for the log: a refused frame's URL may carry anything in its query. */
function frameOrigin(event: InvokeEvent): string | undefined {
  try {
    const url = event.senderFrame?.url
    if (!url) return undefined
    const parsed = new URL(url)
    // Not `origin`: Node reports 'null' for non-special schemes such as app:.
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}
