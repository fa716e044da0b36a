import { afterEach, beforeEach, expect, it } from 'vitest'
import echoes from '@shared/whatsapp/fixtures/message-echoes.json'
import identity from '@shared/whatsapp/fixtures/identity.json'
import inbound from '@shared/whatsapp/fixtures/inbound-messages.json'
import management from '@shared/whatsapp/fixtures/management.json'
import statuses from '@shared/whatsapp/fixtures/statuses.json'
import valueErrors from '@shared/whatsapp/fixtures/value-errors.json'
import { createLogger } from '../logger'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody, statusBody } from '../test-support/webhook-bodies'
import { recomputeConversation } from './conversations'
import { rebuildMessaging } from './rebuild'
import { messagingSnapshot } from './test-snapshot'

let h: MessagingHarness
beforeEach(() => {
  h = messagingHarness()
})
afterEach(() => h.close())

const log = createLogger({ level: 'error', console: false })

it('re-derives from relay_events exactly what was applied event by event', () => {
  const bodies = Object.values({
    ...inbound,
    ...statuses,
    ...echoes,
    ...identity,
    ...management,
    ...valueErrors,
  })
  // Event by event, in batches, each body twice (Meta re-sends).
  for (let i = 0; i < bodies.length; i += 5)
    h.deliver(...bodies.slice(i, i + 5), ...bodies.slice(i, i + 2))
  const pn = { phoneNumberId: 'pn-r' }
  h.deliver(inboundBody(pn, { waId: '15550001234' }, { id: 'w.r.1', at: 1_767_200_000 }))
  h.deliver(inboundBody(pn, { waId: '15550001234' }, { id: 'w.r.2', at: 1_767_200_010 }))
  // Read up to the first message: what the relay cannot give back, carried over.
  const conversation = h.messaging
    .listConversations({ clientId: undefined })
    .items.find((c) => c.phoneNumberId === 'pn-r')!
  h.db
    .prepare('UPDATE conversations SET read_up_to = ?, unread_count = 1 WHERE id = ?')
    .run(1_767_200_000_000, conversation.id)
  // An outbox row (sent from this app), later confirmed by a status.
  const outboxId = Number(
    h.db
      .prepare(
        `INSERT INTO messages (wamid, conversation_id, direction, source, type, text, timestamp, status,
           outbox_id, created_at, updated_at)
         VALUES ('w.r.out', ?, 'out', 'outbox', 'text', 'our reply', ?, 'accepted', 'ob-1', 0, 0)`,
      )
      .run(conversation.id, 1_767_200_020_000).lastInsertRowid,
  )
  // As the outbox leaves it: the conversation's aggregates take the row in (outbox/enqueue.ts).
  recomputeConversation(h.db, conversation.id)
  h.deliver(
    statusBody(
      pn,
      { waId: '15550001234' },
      { id: 'w.r.out', status: 'delivered', at: 1_767_200_030 },
    ),
  )
  const before = messagingSnapshot(h.db)
  expect(before.messages.find((m) => m.wamid === 'w.r.out')).toMatchObject({
    source: 'outbox',
    status: 'delivered',
  })

  const report = rebuildMessaging(h.db, { log, batchSize: 7 })
  expect(report).toMatchObject({
    events: h.repo.count(),
    outboxRowsKept: 1,
    messages: before.messages.length,
  })
  expect(messagingSnapshot(h.db)).toEqual(before)
  // The outbox row keeps its id (the outbox refers to it).
  expect(h.db.prepare("SELECT id FROM messages WHERE wamid = 'w.r.out'").get()).toEqual({
    id: outboxId,
  })
  // And the FTS index follows the rebuilt rows.
  h.db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run()
  expect(h.messaging.search({ query: 'our reply' }).hits).toHaveLength(1)
})

it("keeps Meta's node once: a message row points at its relay event instead of storing the node again", () => {
  const pn = { phoneNumberId: 'pn-once' }
  const body = inboundBody(pn, { waId: '15550004321' }, { id: 'w.once.1', at: 1_767_200_000 })
  h.deliver(body)
  const row = h.db
    .prepare<[], { raw: string | null; event_seq: number | null }>(
      "SELECT raw, event_seq FROM messages WHERE wamid = 'w.once.1'",
    )
    .get()!
  expect(row.raw).toBeNull()
  const event = h.db
    .prepare<[number], { body: Buffer }>('SELECT body FROM relay_events WHERE seq = ?')
    .get(row.event_seq!)!
  expect(JSON.parse(event.body.toString())).toEqual(body)
})
