import type { MessageStatus, WebhookError } from '@shared/whatsapp/webhook-schema'
import { seedFromString } from '@shared/random'
import {
  statusEntry,
  statusObject,
  webhookError,
  type WebhookEntryInput,
} from '../webhooks/payloads'
import { pricingObject, type PricingCategory, type PricingType } from './pricing'

/**
 * Status webhooks for each outbound message (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status, https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing).
 *
 *   createStatusLifecycle({ clock, emit, onStatus?, timing?, random?, maxTracked? }) → {
 *     accepted(msg: OutboundMessage): void   // the send was accepted (HTTP 200 already answered)
 *     resume(msg, stage): void               // after a restart: carry on from the stage it reached
 *     read(wamid): boolean                   // the customer read it (driven by customers/)
 *     fail(wamid, {code, title?, details}): boolean
 *     status(wamid): LifecycleStage | undefined   // while in progress; undefined once final
 *     close(): void
 *   }
 *   emit(entry)  → dispatcher.enqueue, after the server resolves the URL (entry carries phoneNumberId
 *                  for phone-level overrides)
 *   onStatus(wamid, status, timestamp, pricing?) → lets the world keep status history
 *
 * Per message: `sent` (with pricing) → `delivered` (with pricing) → `read` (without) once the
 * customer reads it. If the read comes while delivery is still pending, `delivered` is skipped and
 * `read` carries the pricing — "read implies delivered; delivered may be skipped", and pricing
 * appears on exactly one of delivered/read. Reactions produce only `sent`. A `failure` produces
 * `failed` with `errors[]`. Statuses never go backwards. `conversation` is omitted (v24+) except in
 * a free entry point window.
 */

export interface OutboundMessage {
  wamid: string
  wabaId: string
  phoneNumberId: string
  displayPhoneNumber: string
  recipientWaId: string
  /** The send type: text, image, template, interactive, reaction, … */
  type: string
  category: PricingCategory
  pricingType: PricingType
  /** Set when the message will fail after acceptance (e.g. 131026 undeliverable). */
  failure?: { code: number; title?: string; details: string }
  bizOpaqueCallbackData?: string
}

/** Nominal ms (scaled by the clock's time scale); each delay varies ±50 % per message. */
export interface LifecycleTiming {
  sentMs: number
  deliveredMs: number
  failedMs: number
}

export const DEFAULT_TIMING: LifecycleTiming = { sentMs: 400, deliveredMs: 900, failedMs: 600 }

export type LifecycleStage = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed'

export interface LifecycleClock {
  now(): number
  unixSeconds(): string
  after(ms: number, fn: () => void): () => void
}

export interface LifecycleDeps {
  clock: LifecycleClock
  emit: (entry: WebhookEntryInput & { phoneNumberId: string }) => void
  onStatus?: (
    wamid: string,
    status: MessageStatus['status'],
    timestamp: string,
    pricing?: MessageStatus['pricing'],
  ) => void
  timing?: Partial<LifecycleTiming>
  random?: () => number
  /** Messages remembered for a later read/fail; the oldest are forgotten beyond this. */
  maxTracked?: number
}

/** Stages a message can be resumed from after a restart (the others are final). */
export type ResumableStage = 'accepted' | 'sent' | 'delivered'

export interface StatusLifecycle {
  accepted(msg: OutboundMessage): void
  /**
   * A message a previous run left in progress: `accepted` gets its `sent` after the usual delay,
   * `sent` its `delivered`, and a `delivered` one waits for its read. Statuses already emitted
   * are not emitted again.
   */
  resume(msg: OutboundMessage, stage: ResumableStage): void
  read(wamid: string): boolean
  fail(wamid: string, error: { code: number; title?: string; details: string }): boolean
  status(wamid: string): LifecycleStage | undefined
  close(): void
}

interface Tracked {
  msg: OutboundMessage
  stage: LifecycleStage
  cancel: (() => void) | null
  readRequested: boolean
}

const FEP_WINDOW_MS = 72 * 3600_000

export function createStatusLifecycle(deps: LifecycleDeps): StatusLifecycle {
  const timing = { ...DEFAULT_TIMING, ...deps.timing }
  const random = deps.random ?? Math.random
  const maxTracked = deps.maxTracked ?? 100_000
  const tracked = new Map<string, Tracked>()

  const jitter = (ms: number) => ms * (0.5 + random())

  function schedule(t: Tracked, ms: number, fn: () => void): void {
    t.cancel = deps.clock.after(jitter(ms), () => {
      t.cancel = null
      fn()
    })
  }

  function emitStatus(
    t: Tracked,
    status: MessageStatus['status'],
    extra: { pricing?: boolean; errors?: WebhookError[] } = {},
  ): void {
    const { msg } = t
    const timestamp = deps.clock.unixSeconds()
    const pricing = extra.pricing ? pricingObject(msg.category, msg.pricingType) : undefined
    const fep = msg.pricingType === 'free_entry_point' && status !== 'failed'
    const object = statusObject({
      wamid: msg.wamid,
      status,
      timestamp,
      recipientId: msg.recipientWaId,
      ...(pricing ? { pricing } : {}),
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(msg.bizOpaqueCallbackData === undefined
        ? {}
        : { bizOpaqueCallbackData: msg.bizOpaqueCallbackData }),
      ...(fep
        ? {
            conversation: {
              // One conversation per customer and number while the FEP window lasts.
              id: conversationId(msg),
              originType: 'referral_conversion',
              ...(status === 'sent'
                ? {
                    expirationTimestamp: String(
                      Math.floor((deps.clock.now() + FEP_WINDOW_MS) / 1000),
                    ),
                  }
                : {}),
            },
          }
        : {}),
    })
    const phone = { displayPhoneNumber: msg.displayPhoneNumber, phoneNumberId: msg.phoneNumberId }
    deps.emit({ ...statusEntry(msg.wabaId, phone, object), phoneNumberId: msg.phoneNumberId })
    deps.onStatus?.(msg.wamid, status, timestamp, pricing)
  }

  function finish(t: Tracked, stage: LifecycleStage): void {
    t.stage = stage
    t.cancel?.()
    t.cancel = null
    tracked.delete(t.msg.wamid)
  }

  function onSent(t: Tracked): void {
    t.stage = 'sent'
    emitStatus(t, 'sent', { pricing: true })
    // Reactions only ever get `sent` (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages reaction row).
    if (t.msg.type === 'reaction') return finish(t, 'sent')
    schedule(t, timing.deliveredMs, () => onDelivered(t))
  }

  function onDelivered(t: Tracked): void {
    t.stage = 'delivered'
    emitStatus(t, 'delivered', { pricing: true })
    if (t.readRequested) onRead(t, false)
  }

  function onRead(t: Tracked, withPricing: boolean): void {
    emitStatus(t, 'read', { pricing: withPricing })
    finish(t, 'read')
  }

  function track(msg: OutboundMessage, stage: LifecycleStage): Tracked | null {
    if (tracked.has(msg.wamid)) return null
    const t: Tracked = { msg, stage, cancel: null, readRequested: false }
    tracked.set(msg.wamid, t)
    if (tracked.size > maxTracked) {
      const oldest = tracked.keys().next().value
      if (oldest !== undefined) {
        tracked.get(oldest)?.cancel?.()
        tracked.delete(oldest)
      }
    }
    return t
  }

  return {
    accepted(msg) {
      const t = track(msg, 'accepted')
      if (!t) return
      const failure = msg.failure
      if (failure) {
        schedule(t, timing.failedMs, () => {
          emitStatus(t, 'failed', {
            errors: [webhookError(failure.code, failure.details, failure.title)],
          })
          finish(t, 'failed')
        })
        return
      }
      schedule(t, timing.sentMs, () => onSent(t))
    },

    resume(msg, stage) {
      if (stage === 'sent' && msg.type === 'reaction') return
      const t = track(msg, stage)
      if (!t) return
      if (stage === 'accepted') schedule(t, timing.sentMs, () => onSent(t))
      else if (stage === 'sent') schedule(t, timing.deliveredMs, () => onDelivered(t))
    },

    read(wamid) {
      const t = tracked.get(wamid)
      if (!t) return false
      if (t.stage === 'accepted') {
        t.readRequested = true
        return true
      }
      if (t.stage === 'sent') {
        // Delivery still pending: `read` implies delivered, so skip it and price the read.
        t.cancel?.()
        t.cancel = null
        onRead(t, true)
        return true
      }
      if (t.stage === 'delivered') {
        onRead(t, false)
        return true
      }
      return false
    },

    fail(wamid, error) {
      const t = tracked.get(wamid)
      // Once delivered, a message cannot fail: that would move its status backwards.
      if (!t || (t.stage !== 'accepted' && t.stage !== 'sent')) return false
      t.cancel?.()
      emitStatus(t, 'failed', { errors: [webhookError(error.code, error.details, error.title)] })
      finish(t, 'failed')
      return true
    },

    status: (wamid) => tracked.get(wamid)?.stage,

    close() {
      for (const t of tracked.values()) t.cancel?.()
      tracked.clear()
    },
  }
}

function conversationId(msg: OutboundMessage): string {
  const h = seedFromString(`${msg.phoneNumberId}:${msg.recipientWaId}`)
  return `${h.toString(16).padStart(8, '0')}${msg.phoneNumberId.slice(-8)}fep`
}
