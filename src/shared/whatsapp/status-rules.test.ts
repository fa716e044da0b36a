import { describe, expect, it } from 'vitest'
import statuses from './fixtures/statuses.json'
import { normaliseWebhook, type StatusUpdate } from './normalise'
import {
  STATUS_ORDER,
  foldStatuses,
  mergeStatus,
  statusRank,
  type StatusEvent,
  type StatusState,
} from './status-rules'

const T = 1_750_000_000_000
const PRICING_SENT = { billable: true, pricingModel: 'PMP', type: 'regular', category: 'utility' }
const PRICING_READ = { billable: true, pricingModel: 'PMP', type: 'regular', category: 'marketing' }
const FAILURE = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message undeliverable',
  details: null,
  href: null,
}

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield items
    return
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)]
    for (const tail of permutations(rest)) yield [items[i]!, ...tail]
  }
}

/** Asserts every order of `events` folds to one state, and returns it. */
function sameForEveryOrder(events: StatusEvent[]): StatusState {
  const expected = foldStatuses(events)
  let orders = 0
  for (const order of permutations(events)) {
    expect(foldStatuses(order)).toEqual(expected)
    orders++
  }
  expect(orders).toBeGreaterThan(1)
  return expected!
}

describe('rank', () => {
  it('orders sent < failed < delivered < read < played; unknown values have none', () => {
    expect(STATUS_ORDER.map(statusRank)).toEqual([1, 2, 3, 4, 5])
    expect(statusRank('deleted')).toBeNull()
  })
})

describe('merging', () => {
  it('every order of a sequence with duplicates gives the same state (all 5,040 orders)', () => {
    const state = sameForEveryOrder([
      { status: 'sent', timestampMs: T, pricing: PRICING_SENT, bizOpaqueCallbackData: 'outbox:1' },
      { status: 'sent', timestampMs: T + 5_000, pricing: PRICING_SENT },
      { status: 'delivered', timestampMs: T + 1_000 },
      { status: 'read', timestampMs: T + 2_000, pricing: PRICING_READ },
      { status: 'read', timestampMs: T + 2_000, pricing: PRICING_READ },
      { status: 'failed', timestampMs: T + 1_500, errors: [FAILURE] },
      { status: 'deleted', timestampMs: T + 9_000 },
    ])
    expect(state).toMatchObject({
      status: 'read',
      times: { sent: T, delivered: T + 1_000, read: T + 2_000, failed: T + 1_500 },
      failure: [FAILURE],
      failureSuperseded: true,
      pricing: PRICING_READ,
      bizOpaqueCallbackData: 'outbox:1',
      other: { deleted: T + 9_000 },
    })
  })

  it('reports of one status at the same time that differ are chosen the same way in any order', () => {
    const a = { status: 'sent', timestampMs: T, pricing: PRICING_SENT }
    const b = { status: 'sent', timestampMs: T, pricing: PRICING_READ }
    expect(foldStatuses([a, b])).toEqual(foldStatuses([b, a]))
  })

  it('read never flips back: late sent and delivered keep read, and their times', () => {
    const state = foldStatuses([
      { status: 'read', timestampMs: T + 20 },
      { status: 'sent', timestampMs: T },
      { status: 'delivered', timestampMs: T + 10 },
    ])
    expect(state?.status).toBe('read')
    expect(state?.times).toEqual({ sent: T, delivered: T + 10, read: T + 20 })
  })

  it('delivered may be skipped (read implies it); played outranks read', () => {
    expect(
      foldStatuses([
        { status: 'sent', timestampMs: T },
        { status: 'read', timestampMs: T + 1 },
      ])?.status,
    ).toBe('read')
    const voice = sameForEveryOrder([
      { status: 'sent', timestampMs: T },
      { status: 'read', timestampMs: T + 2 },
      { status: 'played', timestampMs: T + 3 },
    ])
    expect(voice.status).toBe('played')
  })

  it('failed replaces sent and keeps its errors', () => {
    const state = sameForEveryOrder([
      { status: 'sent', timestampMs: T },
      { status: 'failed', timestampMs: T + 1, errors: [FAILURE] },
    ])
    expect(state).toMatchObject({ status: 'failed', failure: [FAILURE], failureSuperseded: false })
  })

  it('a delivery receipt outranks a failure, whichever comes first', () => {
    const state = sameForEveryOrder([
      { status: 'failed', timestampMs: T + 5, errors: [FAILURE] },
      { status: 'delivered', timestampMs: T + 3 },
    ])
    expect(state).toMatchObject({
      status: 'delivered',
      failureSuperseded: true,
      failure: [FAILURE],
    })
  })

  it('a status without a time counts, but never as the time of that status', () => {
    const state = sameForEveryOrder([
      { status: 'delivered', timestampMs: null },
      { status: 'delivered', timestampMs: T },
      { status: 'sent', timestampMs: null },
    ])
    expect(state.status).toBe('delivered')
    expect(state.times).toEqual({ delivered: T })
  })

  it('an unknown status alone shows no status but is kept', () => {
    const state = mergeStatus(null, { status: 'warning', timestampMs: T })
    expect(state).toMatchObject({ status: null, other: { warning: T } })
    expect(mergeStatus(state, { status: 'sent', timestampMs: T }).status).toBe('sent')
  })

  it('does not modify the state it is given', () => {
    const first = mergeStatus(null, { status: 'sent', timestampMs: T })
    const copy = structuredClone(first)
    mergeStatus(first, { status: 'read', timestampMs: T + 1 })
    expect(first).toEqual(copy)
  })
})

describe('with normalised webhooks', () => {
  const updatesOf = (...bodies: unknown[]) =>
    bodies.flatMap((b) => normaliseWebhook(b)).filter((u): u is StatusUpdate => u.kind === 'status')

  it('the fixtures delivered three times in shuffled order give the same state per message', () => {
    const bodies = Object.values(statuses)
    const once = updatesOf(...bodies)
    let seed = 9
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32
    }
    const byWamid = (list: StatusUpdate[]) => {
      const states = new Map<string, StatusState | null>()
      for (const u of list) states.set(u.wamid, mergeStatus(states.get(u.wamid) ?? null, u))
      return states
    }
    const expected = byWamid(once)
    for (let round = 0; round < 20; round++) {
      const thrice = [...once, ...once, ...once]
      for (let i = thrice.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[thrice[i], thrice[j]] = [thrice[j]!, thrice[i]!]
      }
      expect(byWamid(thrice)).toEqual(expected)
    }
    const batch = expected.get('wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI2QzE0RjA5OEM4OUY0QjIwRTEA')
    expect(batch).toMatchObject({ status: 'read', pricing: { type: 'free_customer_service' } })
  })

  it('a free entry point sent status keeps its conversation and expiry', () => {
    const state = foldStatuses(updatesOf(statuses.sent_free_entry_point))
    expect(state?.conversation).toEqual({
      id: 'c7a8e1b22f44d0f9d7a7e9c5b4a3f211',
      originType: 'referral_conversion',
      expiresAtMs: 1750523300000,
    })
  })
})
