import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0003 } from './0003-relay-events'

describe(`migration ${migration0003.id} (relay events)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    db.pragma('foreign_keys = ON')
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  const upTo = (id: number) =>
    migrate(
      db,
      migrations.filter((m) => m.id <= id),
    )

  it('applies on top of the earlier migrations and keeps their data', () => {
    upTo(migration0003.id - 1)
    db.prepare(
      "INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01T00:00:00Z', 'user', 'x')",
    ).run()
    upTo(migration0003.id)
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 })
  })

  it('keeps one row per relay event id and each wamid key once, pointing at a real event', () => {
    upTo(migration0003.id)
    const insert = db.prepare(
      `INSERT INTO relay_events (log_id, cursor, received_at, headers, body, applied_at)
       VALUES ('log', ?, 1, '{}', ?, 2)`,
    )
    insert.run('1', Buffer.from('{}'))
    expect(() => insert.run('1', Buffer.from('{}'))).toThrow(/UNIQUE/)
    // STRICT: the body is bytes or text, never a number silently stored.
    expect(() => insert.run('2', 3.5)).toThrow(/cannot store REAL/)
    const key = db.prepare('INSERT INTO relay_event_keys (key, event_seq) VALUES (?, ?)')
    key.run('message:wamid.A', 1)
    expect(() => key.run('message:wamid.A', 1)).toThrow(/UNIQUE/)
    expect(() => key.run('message:wamid.B', 99)).toThrow(/FOREIGN KEY/)
  })

  it('keeps one cursor per relay', () => {
    upTo(migration0003.id)
    const upsert = db.prepare(
      `INSERT INTO tunnel_cursors (relay, log_id, cursor, updated_at) VALUES ('embedded', 'log', ?, 1)
       ON CONFLICT (relay) DO UPDATE SET cursor = excluded.cursor`,
    )
    upsert.run('1')
    upsert.run('7')
    expect(db.prepare('SELECT relay, cursor FROM tunnel_cursors').all()).toEqual([
      { relay: 'embedded', cursor: '7' },
    ])
  })
})
