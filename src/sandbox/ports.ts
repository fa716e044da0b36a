import type { WebhookEntryInput } from './webhooks/payloads'
import type { SentMessage } from './world/types'

/**
 * The seams between the Graph/control side and the webhook side (webhooks/, lifecycle/,
 * customers/). Payloads are built with webhooks/payloads.ts; `WebhookEntryInput.wabaId` is the
 * envelope's `entry[].id` (the WABA, or the partner's business for PARTNER_ADDED).
 */

/** Routes a change to its callback (subscriptions, overrides) and queues it for delivery. */
export interface WebhookEmitter {
  /**
   * `target.wabaId` is the WABA the change concerns (it decides whether the app is subscribed);
   * `target.phoneId` selects a phone-level override for override-capable fields. Returns the URL
   * the change was queued for, or null when no one would receive it.
   */
  emit(entry: WebhookEntryInput, target: { wabaId: string | null; phoneId?: string }): string | null
}

/** Drives each accepted outbound message through sent → delivered → read (or failed). */
export interface MessageLifecycle {
  accepted(message: SentMessage): void
  /** The customer read a business message (drives the `read` status). */
  read(wamid: string): boolean
  close(): void
}
