import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { EventName } from '@shared/contract/names'
import { createLogger } from '../logger'
import { openDatabase, type Db } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
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
  const repo = createRelayEventsRepo(db, messaging.sink)
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

it('pushes nothing and keeps nothing when the tunnel’s transaction rolls back', () => {
  const messaging = createMessagingService({
    db,
    events: { emit: (e, p) => void pushed.push({ event: e, payload: p }) },
    log: createLogger({ level: 'error', console: false }),
  })
  const repo = createRelayEventsRepo(db, {
    applyBatch(events) {
      messaging.sink.applyBatch(events)
      throw new Error('disk full')
    },
    committed: () => messaging.sink.committed(),
    rolledBack: () => messaging.sink.rolledBack(),
  })
  const body = inboundBody(pn, { waId: '15550001000' }, { id: 'w.1', at: 1_767_200_000 })
  expect(() => repo.apply('r', 'log', [event('1', body)])).toThrow('disk full')
  expect([count('relay_events'), count('messages'), count('conversations')]).toEqual([0, 0, 0])
  expect(repo.cursor('r')).toBeNull()
  expect(pushed).toEqual([])
  // The relay sends it again; this time it lands, and only its own changes are pushed.
  createRelayEventsRepo(db, messaging.sink).apply('r', 'log', [event('1', body)])
  expect(count('messages')).toBe(1)
  const received = pushed.find((p) => p.event === 'messages:received')!.payload as {
    messages: unknown[]
  }
  expect(received.messages).toHaveLength(1)
})
