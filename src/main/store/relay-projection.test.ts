import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test-support/temp-dir'
import { openDatabase, type Db } from './database'
import {
  createRelayEventsRepo,
  type IncomingRelayEvent,
  type RecordedRelayEvent,
  type RelayEventSink,
} from './relay-events-repo'
import { createRelayProjection } from './relay-projection'

const event = (cursor: string): IncomingRelayEvent => ({
  cursor,
  receivedAt: 1_700_000_000_000 + Number(cursor),
  headers: {},
  body: Buffer.from(`{"n":${cursor}}`),
  keys: [],
})

/** A sink that records, in a table of its own, which events it derived from (in the transaction). */
function tableSink(db: Db): RelayEventSink & { committedBatches: number } {
  db.exec('CREATE TABLE IF NOT EXISTS derived (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO derived (seq, body) VALUES (?, ?)')
  const sink = {
    committedBatches: 0,
    applyBatch(events: readonly RecordedRelayEvent[]) {
      for (const e of events) insert.run(e.seq, e.body.toString())
    },
    committed() {
      sink.committedBatches++
    },
    rolledBack() {},
  }
  return sink
}

describe('relay projection', () => {
  let dir: ReturnType<typeof tempDir>
  let db: Db
  const file = () => join(dir.path, 'wapc.sqlite3')
  beforeEach(() => {
    dir = tempDir()
    db = openDatabase({ file: file() }).db
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  it('applies recorded events in log order, a chunk per transaction, each once', () => {
    const repo = createRelayEventsRepo(db)
    const sink = tableSink(db)
    const projection = createRelayProjection(db, 'messaging', sink)
    repo.apply('r', 'log', [event('1'), event('2'), event('3')])
    expect(projection.backlog()).toBe(3)
    expect(projection.step(2)).toBe(2)
    expect(projection.backlog()).toBe(1)
    repo.apply('r', 'log', [event('4')])
    expect(projection.step(10)).toBe(2)
    expect(projection.step(10)).toBe(0)
    expect(db.prepare('SELECT body FROM derived ORDER BY seq').pluck().all()).toEqual([
      '{"n":1}',
      '{"n":2}',
      '{"n":3}',
      '{"n":4}',
    ])
    expect(sink.committedBatches).toBe(2)
  })

  it('resumes where it stopped after a restart: events recorded and not projected are applied then', () => {
    createRelayEventsRepo(db).apply('r', 'log', [event('1'), event('2'), event('3')])
    createRelayProjection(db, 'messaging', tableSink(db)).step(1)
    db.close()
    // The process stopped between the tunnel's transaction and the projection's.
    db = openDatabase({ file: file() }).db
    const projection = createRelayProjection(db, 'messaging', tableSink(db))
    expect(projection.backlog()).toBe(2)
    expect(projection.step(10)).toBe(2)
    expect(db.prepare('SELECT seq FROM derived ORDER BY seq').pluck().all()).toEqual([1, 2, 3])
  })

  it('keeps projections apart: each has its own position', () => {
    createRelayEventsRepo(db).apply('r', 'log', [event('1'), event('2')])
    const first = createRelayProjection(db, 'messaging', tableSink(db))
    const other: number[] = []
    const second = createRelayProjection(db, 'other', {
      applyBatch: (events) => void other.push(...events.map((e) => e.seq)),
      committed: () => undefined,
      rolledBack: () => undefined,
    })
    expect(first.step(10)).toBe(2)
    // A projection without a stored position starts at the beginning of the record.
    expect(second.backlog()).toBe(2)
    expect(second.step(10)).toBe(2)
    expect(other).toEqual([1, 2])
  })
})
