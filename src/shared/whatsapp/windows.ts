import type { InboundMessageUpdate, StatusUpdate } from './normalise-types'
import type { ReferralView } from './normalise-views'

/**
 * The two time windows of a conversation, from Meta's timestamps (never the local clock's idea of
 * when a webhook arrived). All times are epoch ms; `nowMs` is passed in so these stay pure.
 *
 * Customer service window (24 h): opened and reset by each message the user sends; while open the
 * business may send any message, once closed only templates (a free-form send fails with 131047).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 *
 * Free entry point window (72 h): when a user messages from a Click-to-WhatsApp ad (or a Facebook
 * Page call-to-action) and the business replies within the 24 h window, every message for 72 h
 * from that reply is free. It is a pricing window only: free-form messages still need the
 * customer service window. Meta confirms it on the status webhooks of messages sent inside it
 * (`pricing.type: free_entry_point`, `conversation.origin.type: referral_conversion`, and the
 * `conversation.expiration_timestamp` on sent), which freeEntryPointFromStatus reads.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing
 */

const HOUR_MS = 60 * 60 * 1000
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * HOUR_MS
export const FREE_ENTRY_POINT_WINDOW_MS = 72 * HOUR_MS

/**
 * Whether an inbound message opens (or resets) the customer service window: every message the
 * user sends, of any type — but not `system` messages, which WhatsApp generates (number and
 * identity changes), not the user.
 */
export function opensServiceWindow(message: InboundMessageUpdate): boolean {
  return message.type !== 'system' && message.timestampMs !== null
}

/** When the customer service window closes: 24 h after the user's last message; null if none. */
export function windowEndsAt(lastInboundMs: number | null): number | null {
  return lastInboundMs === null ? null : lastInboundMs + CUSTOMER_SERVICE_WINDOW_MS
}

/** Time left in the customer service window (0 when closed or never opened), for a countdown. */
export function windowRemainingMs(lastInboundMs: number | null, nowMs: number): number {
  const end = windowEndsAt(lastInboundMs)
  return end === null ? 0 : Math.max(0, end - nowMs)
}

/** Whether free-form (non-template) messages may be sent now. */
export function isWindowOpen(lastInboundMs: number | null, nowMs: number): boolean {
  return windowRemainingMs(lastInboundMs, nowMs) > 0
}

/**
 * Whether a message came from a Click-to-WhatsApp ad that can open a free entry point window:
 * `referral.source_type: ad` with the ad's click id (`ctwa_clid`).
 */
export function isFreeEntryPointReferral(referral: ReferralView | null): boolean {
  return referral?.sourceType === 'ad' && referral.ctwaClid !== null
}

/**
 * The predicted end of a free entry point window: 72 h after the business's first reply, if that
 * reply came within 24 h of the user's ad-referred message; null otherwise (no reply yet, or too
 * late). Meta's own value, when a status carries it, wins: see freeEntryPointFromStatus.
 */
export function freeEntryPointEndsAt(input: {
  referralAtMs: number
  firstReplyAtMs: number | null
}): number | null {
  const { referralAtMs, firstReplyAtMs } = input
  if (firstReplyAtMs === null || firstReplyAtMs < referralAtMs) return null
  if (firstReplyAtMs > referralAtMs + CUSTOMER_SERVICE_WINDOW_MS) return null
  return firstReplyAtMs + FREE_ENTRY_POINT_WINDOW_MS
}

/**
 * Meta's end of the free entry point window a sent message belongs to, from its status webhook
 * (v24.0+ statuses carry `conversation` only inside such a window); null when the status does not
 * say so.
 */
export function freeEntryPointFromStatus(
  status: Pick<StatusUpdate, 'pricing' | 'conversation'>,
): number | null {
  const free =
    status.pricing?.type === 'free_entry_point' ||
    status.conversation?.originType === 'referral_conversion'
  return free ? (status.conversation?.expiresAtMs ?? null) : null
}

export interface WindowState {
  customerService: { open: boolean; endsAtMs: number | null; remainingMs: number }
  freeEntryPoint: { open: boolean; endsAtMs: number | null; remainingMs: number }
}

/** Both windows at `nowMs`, for the conversation header and the composer lock. */
export function windowState(
  input: { lastInboundMs: number | null; freeEntryPointEndsMs: number | null },
  nowMs: number,
): WindowState {
  const csEnd = windowEndsAt(input.lastInboundMs)
  const fepEnd = input.freeEntryPointEndsMs
  const remaining = (end: number | null) => (end === null ? 0 : Math.max(0, end - nowMs))
  return {
    customerService: { open: remaining(csEnd) > 0, endsAtMs: csEnd, remainingMs: remaining(csEnd) },
    freeEntryPoint: {
      open: remaining(fepEnd) > 0,
      endsAtMs: fepEnd,
      remainingMs: remaining(fepEnd),
    },
  }
}
