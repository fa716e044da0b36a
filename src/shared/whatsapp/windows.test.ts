import { describe, expect, it } from 'vitest'
import inbound from './fixtures/inbound-messages.json'
import statuses from './fixtures/statuses.json'
import { normaliseWebhook, type InboundMessageUpdate, type StatusUpdate } from './normalise'
import {
  CUSTOMER_SERVICE_WINDOW_MS,
  FREE_ENTRY_POINT_WINDOW_MS,
  freeEntryPointEndsAt,
  freeEntryPointFromStatus,
  isFreeEntryPointReferral,
  isWindowOpen,
  opensServiceWindow,
  windowEndsAt,
  windowRemainingMs,
  windowState,
} from './windows'

const HOUR = 3_600_000
const message = (body: unknown) => normaliseWebhook(body)[0] as InboundMessageUpdate
const status = (body: unknown) => normaliseWebhook(body)[0] as StatusUpdate

describe('customer service window', () => {
  const last = message(inbound.text).timestampMs!

  it('closes 24 h after Meta’s timestamp of the last user message', () => {
    expect(CUSTOMER_SERVICE_WINDOW_MS).toBe(24 * HOUR)
    expect(windowEndsAt(last)).toBe(last + 24 * HOUR)
    expect(windowRemainingMs(last, last + 23 * HOUR)).toBe(HOUR)
    expect(isWindowOpen(last, last + 24 * HOUR - 1)).toBe(true)
    expect(isWindowOpen(last, last + 24 * HOUR)).toBe(false)
    expect(windowRemainingMs(last, last + 30 * HOUR)).toBe(0)
  })

  it('never opened without a user message', () => {
    expect(windowEndsAt(null)).toBeNull()
    expect(isWindowOpen(null, last)).toBe(false)
  })

  it('user messages open it; system messages do not', () => {
    expect(opensServiceWindow(message(inbound.reaction))).toBe(true)
    expect(opensServiceWindow(message(inbound.unsupported))).toBe(true)
    expect(opensServiceWindow(message(inbound.system_user_changed_number))).toBe(false)
  })
})

describe('free entry point window', () => {
  const ad = message(inbound.text_ad_referral)
  const at = ad.timestampMs!

  it('a Click-to-WhatsApp ad with a click id qualifies; a Status ad or plain text does not', () => {
    expect(isFreeEntryPointReferral(ad.referral)).toBe(true)
    expect(isFreeEntryPointReferral(message(inbound.text_status_ad_referral).referral)).toBe(false)
    expect(isFreeEntryPointReferral(message(inbound.text).referral)).toBe(false)
  })

  it('lasts 72 h from a reply sent within 24 h of the referral', () => {
    expect(FREE_ENTRY_POINT_WINDOW_MS).toBe(72 * HOUR)
    expect(freeEntryPointEndsAt({ referralAtMs: at, firstReplyAtMs: at + 2 * HOUR })).toBe(
      at + 74 * HOUR,
    )
    expect(freeEntryPointEndsAt({ referralAtMs: at, firstReplyAtMs: at + 25 * HOUR })).toBeNull()
    expect(freeEntryPointEndsAt({ referralAtMs: at, firstReplyAtMs: null })).toBeNull()
  })

  it('Meta’s expiry from a free entry point status wins; other statuses say nothing', () => {
    const sent = status(statuses.sent_free_entry_point)
    expect(freeEntryPointFromStatus(sent)).toBe(1750523300000)
    expect(freeEntryPointFromStatus(sent)! - sent.timestampMs!).toBe(FREE_ENTRY_POINT_WINDOW_MS)
    expect(freeEntryPointFromStatus(status(statuses.sent_template_marketing))).toBeNull()
    expect(freeEntryPointFromStatus(status(statuses.sent_cbp_v23))).toBeNull()
  })
})

describe('both windows', () => {
  it('the free entry point can outlast the customer service window', () => {
    const last = 1_750_000_000_000
    const state = windowState(
      { lastInboundMs: last, freeEntryPointEndsMs: last + 72 * HOUR },
      last + 30 * HOUR,
    )
    expect(state).toEqual({
      customerService: { open: false, endsAtMs: last + 24 * HOUR, remainingMs: 0 },
      freeEntryPoint: { open: true, endsAtMs: last + 72 * HOUR, remainingMs: 42 * HOUR },
    })
  })
})
