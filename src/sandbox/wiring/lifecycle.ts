import { outboundFromSent } from '../lifecycle/from-sent'
import {
  createStatusLifecycle,
  type LifecycleTiming,
  type ResumableStage,
  type StatusLifecycle,
} from '../lifecycle/status-lifecycle'
import type { MessageLifecycle, WebhookEmitter } from '../ports'
import type { SentMessage } from '../world/types'
import type { World } from '../world/world'

/**
 * Connects lifecycle/status-lifecycle.ts to the world: accepted sends go in with their pricing
 * inputs (template category, open service window, free entry point window), status webhooks are
 * routed like any `messages` change (phone/WABA overrides apply), and each status is written back
 * to the message's history for `/_sandbox/state`. `reset()` drops everything in flight.
 */
export interface ResettableLifecycle extends MessageLifecycle {
  /**
   * After a restart: a message a previous run left `accepted` or `sent` goes on to its next
   * statuses; a `delivered` one can still be read. Final ones (read, failed) are left alone.
   */
  resume(sent: SentMessage): void
  reset(): void
}

const RESUMABLE = new Set<string>(['accepted', 'sent', 'delivered'])

export interface LifecycleWiring {
  timing?: Partial<LifecycleTiming>
  /** Called for every accepted send after the lifecycle has it (simulated customers react). */
  onAccepted?: (sent: SentMessage) => void
}

export function createLifecycle(
  world: World,
  emitter: WebhookEmitter,
  wiring: LifecycleWiring = {},
): ResettableLifecycle {
  const { timing, onAccepted } = wiring
  const make = (): StatusLifecycle =>
    createStatusLifecycle({
      clock: world.clock,
      ...(timing ? { timing } : {}),
      emit: ({ phoneNumberId, ...entry }) => {
        emitter.emit(entry, { wabaId: entry.wabaId, phoneId: phoneNumberId })
      },
      onStatus: (wamid, status, _timestamp, pricing) => {
        const message = world.sent.get(wamid)
        if (!message) return
        message.status = status
        message.history.push({ status, timestamp: world.clock.now() })
        if (pricing) message.pricing = pricing
      },
    })
  let inner = make()
  const outbound = (sent: SentMessage) => {
    const phone = world.phones.get(sent.phone_id)
    if (!phone) return null
    const fepUntil = world.freeEntryUntil.get(`${sent.phone_id}:${sent.wa_id}`) ?? 0
    return outboundFromSent(sent, {
      displayPhoneNumber: phone.display_phone_number,
      inFreeEntryPointWindow: fepUntil > sent.created_at,
    })
  }
  return {
    accepted(sent) {
      const msg = outbound(sent)
      if (!msg) return
      inner.accepted(msg)
      onAccepted?.(sent)
    },
    resume(sent) {
      if (!RESUMABLE.has(sent.status)) return
      const msg = outbound(sent)
      if (msg) inner.resume(msg, sent.status as ResumableStage)
    },
    read: (wamid) => inner.read(wamid),
    close: () => inner.close(),
    reset() {
      inner.close()
      inner = make()
    },
  }
}
