import { afterEach, expect, it } from 'vitest'
import { createLogger } from '../logger'
import { rebuildMessaging } from '../messaging/rebuild'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody, statusBody } from '../test-support/webhook-bodies'
import { refreshAnalytics } from './refresh'
import { deliveries, generateDataset, writeSend, type Dataset } from './test-dataset'
import { factsFromScratch, rollupsFromScratch, storedFacts, storedRollups } from './test-recompute'

const harnesses: MessagingHarness[] = []
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close()
})

/** Pushes a dataset through the real ingestion; `check` runs after every few batches. */
function play(dataset: Dataset, seed: number, check?: (h: MessagingHarness) => void) {
  const h = messagingHarness()
  harnesses.push(h)
  h.addClient('client-a', 'waba-a', 'pn-a', 'Client A')
  h.addClient('client-b', 'waba-b', 'pn-b', 'Client B')
  for (const batch of deliveries(dataset.inbound, seed)) h.deliver(...batch)
  // The outbox writes outside ingestion: its rows wait in analytics_dirty until the next batch.
  for (const send of dataset.sends) writeSend(h.db, send)
  deliveries(dataset.rest, seed + 1).forEach((batch, i) => {
    h.deliver(...batch)
    if (check && i % 7 === 0) check(h)
  })
  refreshAnalytics(h.db)
  return h
}

const expectConsistent = (h: MessagingHarness) => {
  refreshAnalytics(h.db)
  expect(storedFacts(h.db)).toEqual(factsFromScratch(h.db))
  expect(storedRollups(h.db)).toEqual(rollupsFromScratch(h.db))
}

it.each([1, 2, 3])(
  'keeps the rollups equal to a from-scratch recomputation (seed %i: duplicates, reordering, late customer messages)',
  (seed) => {
    const dataset = generateDataset(seed)
    const h = play(dataset, seed * 100, expectConsistent)
    expectConsistent(h)
    // The dataset exercises what the rollups count.
    const rollups = storedRollups(h.db)
    const total = (table: keyof typeof rollups, column: string) =>
      rollups[table].reduce((sum, row) => sum + Number(row[column]), 0)
    expect(total('analytics_daily', 'messages_in')).toBeGreaterThan(20)
    expect(total('analytics_daily', 'failed')).toBeGreaterThan(0)
    expect(total('analytics_daily', 'read')).toBeGreaterThan(0)
    expect(total('analytics_daily_templates', 'sent')).toBeGreaterThan(0)
    expect(rollups.analytics_daily_pricing.some((r) => r.charged === 1)).toBe(true)
    expect(new Set(rollups.analytics_daily_origins.map((r) => r.origin)).size).toBeGreaterThan(4)
    expect(total('analytics_daily_responses', 'n')).toBeGreaterThan(5)
    expect(rollups.analytics_daily_failures.map((r) => r.error_code)).toEqual(
      expect.arrayContaining([131026]),
    )
  },
)

it.each([4, 5])(
  'keeps the rollups equal to a from-scratch recomputation after every webhook applied alone (seed %i: each refresh starts where the change is)',
  (seed) => {
    const dataset = generateDataset(seed, 12)
    const h = messagingHarness()
    harnesses.push(h)
    h.addClient('client-a', 'waba-a', 'pn-a', 'Client A')
    for (const body of dataset.inbound) {
      h.deliver(body)
      expectConsistent(h)
    }
    for (const send of dataset.sends) writeSend(h.db, send)
    for (const batch of deliveries(dataset.rest, seed)) {
      for (const body of batch) {
        h.deliver(body)
        expectConsistent(h)
      }
    }
    const replies = storedRollups(h.db).analytics_daily_responses
    expect(replies.reduce((sum, row) => sum + Number(row.n), 0)).toBeGreaterThan(3)
  },
)

it('gives the same rollups whatever the order and repetition of the webhooks', () => {
  const dataset = generateDataset(7)
  const first = storedRollups(play(dataset, 11).db)
  const second = storedRollups(play(dataset, 4242).db)
  expect(second).toEqual(first)
})

it('moves a message between counters when a late status changes it, and a duplicate changes nothing', () => {
  const h = messagingHarness()
  harnesses.push(h)
  const pn = { phoneNumberId: 'pn-x' }
  const to = { waId: '919800000001' }
  const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' }
  const sent = { id: 'w.x', status: 'sent', at: 1_772_400_000, pricing }
  const failed = {
    id: 'w.x',
    status: 'failed',
    at: 1_772_400_005,
    errors: [{ code: 131026, title: 'x' }],
  }
  const read = { id: 'w.x', status: 'read', at: 1_772_400_009, pricing }
  const daily = () =>
    h.db
      .prepare('SELECT delivered, read, failed FROM analytics_daily WHERE phone_number_id = ?')
      .get('pn-x')
  const charged = () =>
    h.db
      .prepare('SELECT sum(n) AS n FROM analytics_daily_pricing WHERE charged = 1 AND country = ?')
      .get('IN')
  h.deliver(statusBody(pn, to, failed), statusBody(pn, to, sent))
  expect(daily()).toEqual({ delivered: 0, read: 0, failed: 1 })
  expect(charged()).toEqual({ n: null })
  h.deliver(statusBody(pn, to, read))
  expect(daily()).toEqual({ delivered: 1, read: 1, failed: 0 })
  expect(charged()).toEqual({ n: 1 })
  h.deliver(statusBody(pn, to, read), statusBody(pn, to, sent), statusBody(pn, to, failed))
  expect(daily()).toEqual({ delivered: 1, read: 1, failed: 0 })
  expect(charged()).toEqual({ n: 1 })
  expectConsistent(h)
})

it('never holds messages back when the rollups cannot be brought up to date', () => {
  const h = messagingHarness()
  harnesses.push(h)
  h.db.exec('DROP TABLE analytics_facts') // a broken analytics schema: every refresh throws
  h.deliver(
    inboundBody(
      { phoneNumberId: 'pn-x' },
      { waId: '919800000001' },
      { id: 'w.k', at: 1_772_400_000 },
    ),
  )
  expect(h.db.prepare("SELECT count(*) AS n FROM messages WHERE wamid = 'w.k'").get()).toEqual({
    n: 1,
  })
  // The marks stay, for the refresh that can run again.
  expect(h.db.prepare('SELECT count(*) AS n FROM analytics_dirty').get()).toEqual({ n: 1 })
})

it('stays equal to a from-scratch recomputation after the messaging tables are re-derived', () => {
  const h = play(generateDataset(5, 12), 500)
  const before = storedRollups(h.db)
  rebuildMessaging(h.db, { log: createLogger({ level: 'error', console: false }), batchSize: 13 })
  expectConsistent(h)
  // Same messages (outbox rows carried over): the same rollups.
  expect(storedRollups(h.db)).toEqual(before)
})

it('stays equal to a from-scratch recomputation when a customer’s two conversations merge', () => {
  const h = messagingHarness()
  harnesses.push(h)
  const pn = { phoneNumberId: 'pn-m' }
  const T = 1_772_400_000
  const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' }
  // Two contacts (the wa_id's, the BSUID's), each with a conversation, facts and rollups.
  h.deliver(
    inboundBody(pn, { waId: '919800000002' }, { id: 'w.m.1', at: T }),
    statusBody(pn, { waId: '919800000002' }, { id: 'w.m.2', status: 'read', at: T + 60, pricing }),
  )
  h.deliver(
    inboundBody(pn, { userId: 'IN.9' }, { id: 'w.m.3', at: T + 5 }),
    statusBody(pn, { userId: 'IN.9' }, { id: 'w.m.4', status: 'sent', at: T + 30, pricing }),
  )
  expectConsistent(h)
  // A message naming both: one contact, one conversation, every message's fact moved into it.
  h.deliver(inboundBody(pn, { waId: '919800000002', userId: 'IN.9' }, { id: 'w.m.5', at: T + 90 }))
  expect(h.messaging.listConversations({}).items).toHaveLength(1)
  expectConsistent(h)
  const daily = storedRollups(h.db).analytics_daily
  expect(daily.map((r) => [r.messages_in, r.messages_out])).toEqual([[3, 2]])
})

it('refreshes more marked conversations than it reads at once', () => {
  const h = messagingHarness()
  harnesses.push(h)
  const pn = { phoneNumberId: 'pn-many' }
  const T = 1_772_400_000
  const customers = Array.from({ length: 600 }, (_, i) => ({ waId: `91980${100_000 + i}` }))
  h.deliver(...customers.map((to, i) => inboundBody(pn, to, { id: `w.many.${i}`, at: T + i })))
  h.deliver(
    ...customers.map((to, i) =>
      statusBody(pn, to, { id: `w.many.out.${i}`, status: 'read', at: T + 600 + i }),
    ),
  )
  expectConsistent(h)
  const daily = storedRollups(h.db).analytics_daily
  expect(daily.map((r) => [r.messages_in, r.messages_out, r.read])).toEqual([[600, 600, 600]])
  expect(storedRollups(h.db).analytics_daily_responses.reduce((n, r) => n + Number(r.n), 0)).toBe(
    600,
  )
})

it('takes a deleted message (a send cancelled before Meta had it) off the rollups', () => {
  const h = messagingHarness()
  harnesses.push(h)
  const pn = { phoneNumberId: 'pn-c' }
  const to = { waId: '919800000003' }
  h.deliver(inboundBody(pn, to, { id: 'w.c.in', at: 1_772_400_000 }))
  const conversationId = h.messaging.listConversations({}).items[0]!.id
  const send = Number(
    h.db
      .prepare(
        `INSERT INTO messages (conversation_id, direction, source, type, text, timestamp, status,
           outbox_id, origin, created_at, updated_at)
         VALUES (?, 'out', 'outbox', 'text', 'reply', ?, 'pending', 'ob-c', 'agent', 0, 0)`,
      )
      .run(conversationId, 1_772_400_060_000).lastInsertRowid,
  )
  expectConsistent(h)
  expect(storedRollups(h.db).analytics_daily_responses).toHaveLength(1)
  h.db.prepare('DELETE FROM messages WHERE id = ?').run(send)
  expectConsistent(h)
  expect(storedRollups(h.db).analytics_daily_responses).toEqual([])
  expect(storedRollups(h.db).analytics_daily.map((r) => [r.messages_in, r.messages_out])).toEqual([
    [1, 0],
  ])
})
