// Runtime imports only from zod-free contract modules: the sandboxed preload is one small CJS file.
import { buildApi, type Api, type Invoke, type Subscribe } from '@shared/contract/api'
import type { AppErrorData } from '@shared/contract/errors'
import { isEventName, type EventName } from '@shared/contract/names'
import type { Result } from '@shared/contract/result'
import { IPC_EVENT, IPC_INVOKE } from '@shared/contract/transport'

/** The parts of `ipcRenderer` the preload uses (Electron's ipcRenderer satisfies it). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void
}

const failure = (
  code: AppErrorData['code'],
  message: string,
  retryable: boolean,
): Result<never> => ({
  ok: false,
  error: { code, message, retryable },
})

const isEnvelope = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'

/**
 * Builds the renderer's `api` on top of ipcRenderer. Calls go out as `{channel, input}` on one IPC
 * channel; push events come in on one listener and are dispatched per event name. The renderer
 * gets payloads only, never the IpcRendererEvent (which would expose `sender`).
 */
export function createPreloadApi(ipc: IpcRendererLike): Api {
  const invoke: Invoke = async (channel, input) => {
    try {
      const reply = await ipc.invoke(IPC_INVOKE, { channel, input })
      return isEnvelope(reply)
        ? reply
        : failure('INTERNAL', 'The app replied with something that is not a result.', false)
    } catch (error) {
      // ipcRenderer.invoke rejects when main has no handler yet (startup) or the call was torn
      // down; the contract promises a Result, never a rejection.
      const detail = error instanceof Error ? error.message : String(error)
      return failure('UNAVAILABLE', `The app core did not answer: ${detail}`, true)
    }
  }

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  ipc.on(IPC_EVENT, (_event, message) => {
    if (typeof message !== 'object' || message === null) return
    const { event, payload } = message as { event?: unknown; payload?: unknown }
    if (!isEventName(event)) return
    // A copy: a listener that unsubscribes while being called must not skip its neighbour.
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload)
      } catch (error) {
        console.error(`A listener for ${event} failed`, error)
      }
    }
  })

  const subscribe: Subscribe = (event, listener) => {
    if (!isEventName(event) || typeof listener !== 'function') return () => {}
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    // Wrapped so subscribing the same function twice gives two independent subscriptions.
    const entry = (payload: unknown) => listener(payload)
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  }

  return buildApi(invoke, subscribe)
}

/** Exposes `window.api` and nothing else. */
export function exposeApi(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('api', createPreloadApi(ipc))
}
