import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { EventName } from '@shared/contract/names'
import { createLogger } from '../logger'
import { openDatabase, type Db } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { createRelayProjection } from '../store/relay-projection'
import { projectedRepo } from '../test-support/projected-repo'
import { tempDir } from '../test-support/temp-dir'
import { inboundBody } from '../test-support/webhook-bodies'
import { dedupeKeys } from '../tunnel/dedupe-keys'
import { createMessagingService } from './service'

let dir: ReturnType<typeof tempDir>
let db: Db
const pushed: { event: EventName; payload: unknown }[] = []
beforeEach(() => {
  dir = tempDir()
  db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
  pushed.length = 0
})
afterEach(() => {
  db.close()
  dir.cleanup()
})

const event = (cursor: string, body: unknown) => {
  const text = JSON.stringify(body)
  return {
    cursor,
    receivedAt: 1_767_000_000_000,
    headers: {},
    body: Buffer.from(text),
    keys: dedupeKeys(text),
  }
}
const pn = { phoneNumberId: 'pn-1', wabaId: 'waba-1' }
const count = (table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

it('keeps an update it could not apply, with the error, and applies the rest of the batch', () => {
  const messaging = createMessagingService({
    db,
    events: { emit: (e, p) => void pushed.push({ event: e, payload: p }) },
    log: createLogger({ level: 'error', console: false }),
    appliers: [
      (_db, update) => {
        if (update.kind === 'value_error') throw new Error('applier bug')
        return false
      },
    ],
  })
  const repo = projectedRepo(db, messaging.sink)
  const withError = inboundBody(pn, { waId: '15550001000' }, { id: 'w.1', at: 1_767_200_000 })
  ;(withError.entry[0]!.changes[0]!.value as Record<string, unknown>).errors = [
    { code: 130429, title: 'Rate limit hit' },
  ]
  repo.apply('r', 'log', [
    event('1', withError),
    event('2', inboundBody(pn, { waId: '15550002000' }, { id: 'w.2', at: 1_767_200_001 })),
  ])
  expect(count('messages')).toBe(2)
  expect(db.prepare('SELECT kind, reason FROM webhook_updates').all()).toEqual([
    { kind: 'value_error', reason: 'could not be applied: applier bug' },
  ])
  expect(messaging.unassigned(10).events[0]).toMatchObject({
    kind: 'value_error',
    reason: 'could not be applied: applier bug',
  })
  expect(pushed.map((p) => p.event)).toEqual(['messages:received', 'conversations:changed'])
})

it('undoes only the failing update of a batch, rows it added included: the aggregates and pushes name the rows that stayed', () => {
  const messaging = createMessagingService({
    db,
    events: { emit: (e, p) => void pushed.push({ event: e, payload: p }) },
    log: createLogger({ level: 'error', console: false }),
  })
  // A bug that strikes after the message row was written: its savepoint takes the row back.
  db.exec(`CREATE TRIGGER fail_late AFTER UPDATE OF error_code ON messages
    WHEN new.wamid = 'w.bad' BEGIN SELECT RAISE(ABORT, 'late failure'); END`)
  const repo = projectedRepo(db, messaging.sink)
  const from = (waId: string, id: string, at: number) =>
    inboundBody(pn, { waId }, { id, at, text: id })
  const bad = from('15550001000', 'w.bad', 1_767_200_009)
  const badValue = bad.entry[0]!.changes[0]!.value as unknown as {
    messages: Record<string, unknown>[]
  }
  badValue.messages[0]!.errors = [{ code: 131051, title: 'Unsupported message type' }]
  repo.apply('r', 'log', [
    event('1', from('15550001000', 'w.1', 1_767_200_000)),
    event('2', from('15550002000', 'w.2', 1_767_200_001)),
    event('3', bad),
    event('4', from('15550001000', 'w.3', 1_767_200_002)),
  ])
  expect(db.prepare('SELECT wamid FROM messages ORDER BY id').all()).toEqual([
    { wamid: 'w.1' },
    { wamid: 'w.2' },
    { wamid: 'w.3' },
  ])
  expect(db.prepare('SELECT kind, reason FROM webhook_updates').all()).toEqual([
    { kind: 'message', reason: 'could not be applied: late failure' },
  ])
  expect(
    db
      .prepare(
        `SELECT m.wamid AS last, c.unread_count FROM conversations c
           JOIN messages m ON m.id = c.last_message_id ORDER BY c.id`,
      )
      .all(),
  ).toEqual([
    { last: 'w.3', unread_count: 2 },
    { last: 'w.2', unread_count: 1 },
  ])
  const received = pushed.find((p) => p.event === 'messages:received')!.payload as {
    messages: { text: string }[]
  }
  expect(received.messages.map((m) => m.text).sort()).toEqual(['w.1', 'w.2', 'w.3'])
})

it('a projection that fails keeps nothing and pushes nothing; the event stays recorded and is projected on the next step', () => {
  const messaging = createMessagingService({
    db,
    events: { emit: (e, p) => void pushed.push({ event: e, payload: p }) },
    log: createLogger({ level: 'error', console: false }),
  })
  let diskFull = true
  const repo = createRelayEventsRepo(db)
  const projection = createRelayProjection(db, 'messaging', {
    applyBatch(events) {
      messaging.sink.applyBatch(events)
      if (diskFull) throw new Error('disk full')
    },
    committed: () => messaging.sink.committed(),
    rolledBack: () => messaging.sink.rolledBack(),
  })
  const body = inboundBody(pn, { waId: '15550001000' }, { id: 'w.1', at: 1_767_200_000 })
  repo.apply('r', 'log', [event('1', body)])
  expect(() => projection.step(100)).toThrow('disk full')
  // The tunnel's record and cursor stand; nothing of the projection does.
  expect([count('relay_events'), count('messages'), count('conversations')]).toEqual([1, 0, 0])
  expect(repo.cursor('r')?.cursor).toBe('1')
  expect(projection.backlog()).toBe(1)
  expect(pushed).toEqual([])
  // The next step applies it, once, and pushes only its own changes.
  diskFull = false
  expect(projection.step(100)).toBe(1)
  expect(projection.step(100)).toBe(0)
  expect(projection.backlog()).toBe(0)
  expect(count('messages')).toBe(1)
  const received = pushed.filter((p) => p.event === 'messages:received')
  expect(received).toHaveLength(1)
  expect((received[0]!.payload as { messages: unknown[] }).messages).toHaveLength(1)
})

it('applies management updates to the client they are about, and keeps them either way', async () => {
  const management = (await import('@shared/whatsapp/fixtures/management.json')).default
  const messaging = createMessagingService({
    db,
    events: { emit: () => undefined },
    log: createLogger({ level: 'error', console: false }),
  })
  const waba = management.phone_number_name_update_approved.entry[0]!.id
  db.prepare(
    `INSERT INTO clients (id, waba_id, phone_number_id, name, display_phone_number, phone_health,
       signup_finish, state, signed_up_at, created_at, updated_at, last_activity_at)
     VALUES ('c1', ?, 'pn-1', 'Old name', '+1 555-078-3881', '{"messagingLimitTier":"TIER_250"}',
       'FINISH', 'onboarded', 't', 't', 't', 't')`,
  ).run(waba)
  const repo = projectedRepo(db, messaging.sink)
  repo.apply('r', 'log', [
    event('1', management.phone_number_name_update_approved),
    event('2', management.phone_quality_throughput_upgrade),
    event('3', management.template_approved),
  ])
  const client = db.prepare("SELECT name, phone_health FROM clients WHERE id = 'c1'").get() as {
    name: string
    phone_health: string
  }
  const approved = management.phone_number_name_update_approved.entry[0]!.changes[0]!.value as {
    requested_verified_name: string
  }
  expect(client.name).toBe(approved.requested_verified_name)
  expect(JSON.parse(client.phone_health)).toEqual({ messagingLimitTier: 'TIER_10K' })
  expect(db.prepare('SELECT kind, applied FROM webhook_updates ORDER BY id').all()).toEqual([
    { kind: 'phone_name', applied: 1 },
    { kind: 'phone_quality', applied: 1 },
    { kind: 'template_status', applied: 0 },
  ])
  // Updates about a client's WABA are not unassigned, applied or not.
  expect(messaging.unassigned(10).events).toEqual([])
})
