import { events, type EventName, type EventPayload } from '@shared/contract'
import type { Logger } from './logger'

export type EventListener = (event: EventName, payload: unknown) => void

/** Push events from the core to every connected renderer, whatever the transport. */
export interface CoreEvents {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  subscribe(listener: EventListener): () => void
}

export function createCoreEvents(log: Logger): CoreEvents {
  const listeners = new Set<EventListener>()
  return {
    emit(event, payload) {
      // Validate on the way out: a malformed push is a bug here, not something to send.
      const parsed = events[event].safeParse(payload)
      if (!parsed.success) {
        log.error('events.invalid-payload', { event, issues: parsed.error.issues })
        return
      }
      for (const listener of listeners) {
        try {
          listener(event, parsed.data)
        } catch (error) {
          log.error('events.listener-failed', { event, error })
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
