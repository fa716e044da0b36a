import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test-support/temp-dir'
import { openDatabase, type Db } from './database'
import { createRelayEventsRepo, type IncomingRelayEvent } from './relay-events-repo'

const event = (
  cursor: string,
  keys: string[] = [],
  body = `{"n":${cursor}}`,
): IncomingRelayEvent => ({
  cursor,
  receivedAt: 1_700_000_000_000 + Number(cursor),
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(body),
  keys,
})

describe('relay events repository', () => {
  let dir: ReturnType<typeof tempDir>
  let db: Db
  let repo: ReturnType<typeof createRelayEventsRepo>
  beforeEach(() => {
    dir = tempDir()
    db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
    repo = createRelayEventsRepo(db)
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  it('records a batch and moves the cursor to its last event', () => {
    const outcome = repo.apply('embedded', 'log-a', [event('1'), event('2'), event('3')], 5)
    expect(outcome).toEqual({ recorded: 3, duplicates: 0, alreadyApplied: 0 })
    expect(repo.cursor('embedded')).toEqual({ logId: 'log-a', cursor: '3', updatedAt: 5 })
    const rows = repo.page(0, 10)
    expect(rows.map((r) => r.cursor)).toEqual(['1', '2', '3'])
    expect(rows[0]!.body.toString()).toBe('{"n":1}')
    expect(JSON.parse(rows[0]!.headers)).toEqual({ 'content-type': 'application/json' })
    expect(rows[0]!.applied_at).toBe(5)
  })

  it('skips an event id it already recorded, and keeps the same id from another log apart', () => {
    repo.apply('embedded', 'log-a', [event('1'), event('2')])
    const again = repo.apply('embedded', 'log-a', [event('2'), event('3')])
    expect(again).toEqual({ recorded: 1, duplicates: 0, alreadyApplied: 1 })
    const otherLog = repo.apply('https://relay.example', 'log-b', [event('1')])
    expect(otherLog.recorded).toBe(1)
    expect(repo.count()).toBe(4)
  })

  it('marks an event whose every wamid key was applied before as a duplicate of the first', () => {
    repo.apply('embedded', 'log-a', [event('1', ['message:wamid.A', 'status:wamid.B:sent'])])
    const outcome = repo.apply('embedded', 'log-a', [
      event('2', ['message:wamid.A']),
      event('3', ['message:wamid.A', 'message:wamid.C']),
    ])
    expect(outcome).toEqual({ recorded: 2, duplicates: 1, alreadyApplied: 0 })
    const rows = repo.page(0, 10)
    expect(rows.map((r) => r.duplicate_of)).toEqual([null, rows[0]!.seq, null])
    // The same message through another relay is still the same message.
    const viaOther = repo.apply('https://relay.example', 'log-b', [
      event('9', ['status:wamid.B:sent']),
    ])
    expect(viaOther.duplicates).toBe(1)
  })

  it('rolls back the events and the cursor together when the batch fails', () => {
    repo.apply('embedded', 'log-a', [event('1')])
    const broken = { ...event('3'), body: 'not bytes' as unknown as Buffer }
    expect(() => repo.apply('embedded', 'log-a', [event('2'), broken])).toThrow()
    expect(repo.count()).toBe(1)
    expect(repo.cursor('embedded')?.cursor).toBe('1')
  })

  it('reports the newest receive time through its index', () => {
    expect(repo.latestReceivedAt()).toBeNull()
    repo.apply('embedded', 'log-a', [event('2'), event('1')])
    expect(repo.latestReceivedAt()).toBe(1_700_000_000_002)
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT received_at FROM relay_events ORDER BY received_at DESC LIMIT 1',
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/relay_events_by_received/)
  })
})
