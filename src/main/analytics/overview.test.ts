import { afterEach, beforeEach, expect, it } from 'vitest'
import { createLogger } from '../logger'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody, statusBody } from '../test-support/webhook-bodies'
import { createAnalyticsService, type AnalyticsService } from './service'
import { writeSend } from './test-dataset'

let h: MessagingHarness
let analytics: AnalyticsService
beforeEach(() => {
  h = messagingHarness()
  h.addClient('client-a', 'waba-a', 'pn-a', 'Acme')
  h.addClient('client-b', 'waba-b', 'pn-b', 'Bella')
  analytics = createAnalyticsService({
    db: h.db,
    log: createLogger({ level: 'error', console: false }),
  })
})
afterEach(() => {
  analytics.close()
  h.close()
})

const T0 = 1_772_323_200 // 2026-03-01T00:00:00Z
const RANGE = { from: '2026-03-01', to: '2026-03-07' }

/** A customer writes at `at` (s); a reply of `origin` goes out `after` seconds later. */
function exchange(phone: string, waId: string, at: number, after: number, origin: string | null) {
  h.deliver(inboundBody({ phoneNumberId: phone }, { waId }, { id: `w.in.${waId}.${at}`, at }))
  writeSend(h.db, {
    conversationOf: { phoneNumberId: phone, waId },
    outboxId: `ob.${waId}.${at}`,
    wamid: `w.out.${waId}.${at}`,
    origin: origin as never,
    template: null,
    at: (at + after) * 1000,
    refusedWith: null,
  })
}

it('splits response times by who answered, first responses apart, per client', () => {
  exchange('pn-a', '919800000001', T0, 120, 'agent')
  exchange('pn-a', '919800000001', T0 + 3600, 600, 'agent') // same window: not a first response
  exchange('pn-a', '919800000002', T0, 4, 'ai-auto')
  exchange('pn-a', '919800000003', T0, 60, 'ai-approved')
  exchange('pn-b', '919800000004', T0, 30, 'ai-edited')
  const { responses, origins } = analytics.overview(RANGE)
  const of = (responder: string) => responses.find((r) => r.responder === responder)!
  expect(of('human')).toMatchObject({ replies: 2, firstResponses: 1, meanMs: 360_000 })
  expect(of('human').firstMedianMs! / 120_000).toBeCloseTo(1, 1)
  expect(of('ai')).toMatchObject({ replies: 1, firstResponses: 1, meanMs: 4_000 })
  expect(of('ai-approved')).toMatchObject({ replies: 2, meanMs: 45_000 })
  expect(of('other')).toMatchObject({ replies: 0, medianMs: null })
  expect(origins).toEqual(
    expect.arrayContaining([
      { origin: 'agent', count: 2 },
      { origin: 'ai-auto', count: 1 },
      { origin: 'ai-edited', count: 1 },
    ]),
  )
  // One client: only its numbers.
  const bella = analytics.overview({ ...RANGE, clientId: 'client-b' })
  expect(bella.responses.find((r) => r.responder === 'ai-approved')).toMatchObject({ replies: 1 })
  expect(bella.totals).toMatchObject({ messagesIn: 1, messagesOut: 1 })
  expect(bella.perClient.map((c) => c.name)).toEqual(['Bella'])
})

it('names failures by Meta’s titles and keeps unassigned numbers apart until a client owns them', () => {
  const to = { waId: '5511987650001' }
  h.deliver(
    statusBody({ phoneNumberId: 'pn-new' }, to, { id: 'w.f1', status: 'sent', at: T0 + 10 }),
    statusBody({ phoneNumberId: 'pn-new' }, to, {
      id: 'w.f1',
      status: 'failed',
      at: T0 + 20,
      errors: [{ code: 131049, title: 'x' }],
    }),
  )
  const before = analytics.overview(RANGE)
  expect(before.failures).toEqual([
    { code: 131049, title: expect.stringMatching(/\w/), count: 1, share: 1 },
  ])
  expect(before.perClient).toEqual([
    expect.objectContaining({ clientId: null, name: 'Unassigned numbers', failed: 1 }),
  ])
  expect(analytics.overview({ ...RANGE, clientId: 'unassigned' }).totals.failed).toBe(1)
  h.addClient('client-c', 'waba-c', 'pn-new', 'Coral')
  expect(analytics.overview(RANGE).perClient).toEqual([
    expect.objectContaining({ clientId: 'client-c', name: 'Coral', failed: 1, failureRate: 1 }),
  ])
})

it('reads AI approval and edit rates from the drafts, none before there are any', () => {
  expect(analytics.overview(RANGE).drafts).toMatchObject({ total: 0, approvalRate: null })
  const insert = h.db.prepare(
    `INSERT INTO drafts (inbound_wamid, client_id, inbound_at, state, status, policy, rule,
       created_at, updated_at) VALUES (?, ?, 0, 'sent', ?, 'review', 'faq', ?, ?)`,
  )
  const statuses = ['approved', 'approved', 'edited', 'rejected', 'pending', 'auto']
  statuses.forEach((status, i) => {
    const at = new Date((T0 + i * 60) * 1000).toISOString()
    insert.run(`w.d.${i}`, i === 5 ? 'client-b' : 'client-a', status, at, at)
  })
  insert.run('w.d.old', 'client-a', 'approved', '2026-02-01T00:00:00.000Z', 'x')
  const all = analytics.overview(RANGE).drafts!
  expect(all.total).toBe(6)
  expect(all.approvalRate).toBeCloseTo(2 / 5)
  expect(all.editRate).toBeCloseTo(1 / 5)
  expect(analytics.overview({ ...RANGE, clientId: 'client-b' }).drafts).toMatchObject({
    total: 1,
    approvalRate: 0,
  })
})

it('sums response times over months and partial months alike', () => {
  const feb = Date.parse('2026-02-20T10:00:00Z') / 1000
  const mar = Date.parse('2026-03-15T10:00:00Z') / 1000
  const apr = Date.parse('2026-04-03T10:00:00Z') / 1000
  exchange('pn-a', '919800000011', feb, 10, 'agent')
  exchange('pn-a', '919800000012', mar, 20, 'agent')
  exchange('pn-a', '919800000013', apr, 40, 'agent')
  const human = (from: string, to: string) =>
    analytics.overview({ from, to }).responses.find((r) => r.responder === 'human')!
  expect(human('2026-02-01', '2026-04-30')).toMatchObject({ replies: 3, meanMs: 70_000 / 3 })
  expect(human('2026-02-20', '2026-04-03')).toMatchObject({ replies: 3 })
  expect(human('2026-02-21', '2026-04-02')).toMatchObject({ replies: 1, meanMs: 20_000 })
  expect(human('2026-03-01', '2026-03-31')).toMatchObject({ replies: 1 })
  expect(human('2026-04-03', '2026-04-03')).toMatchObject({ replies: 1, meanMs: 40_000 })
})
