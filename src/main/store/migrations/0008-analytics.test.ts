import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migration0008 } from './0008-analytics'
import { migrations } from './index'

describe(`migration ${migration0008.id} (analytics)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    migrate(db, migrations.slice(0, migration0008.id - 1))
    db.prepare(
      `INSERT INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '91980', 1, 1)`,
    ).run()
    db.prepare(
      `INSERT INTO conversations (id, phone_number_id, contact_id, created_at, updated_at)
       VALUES (1, 'pn1', 1, 1, 1)`,
    ).run()
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })
  const upgrade = () => migrate(db, migrations.slice(0, migration0008.id))
  const insertMessage = (wamid: string, timestamp: number) =>
    db
      .prepare(
        `INSERT INTO messages (wamid, conversation_id, direction, source, type, timestamp, status,
           created_at, updated_at) VALUES (?, 1, 'out', 'outbox', 'text', ?, 'accepted', 0, 0)`,
      )
      .run(wamid, timestamp).lastInsertRowid
  const dirty = () => db.prepare('SELECT conversation_id, from_ms FROM analytics_dirty').all()

  it('marks every existing conversation for a first computation and adds messages.origin', () => {
    insertMessage('w.1', 5_000)
    upgrade()
    expect(dirty()).toEqual([{ conversation_id: 1, from_ms: 0 }])
    expect(() =>
      db.prepare("UPDATE messages SET origin = 'robot' WHERE wamid = 'w.1'").run(),
    ).toThrow(/CHECK/)
    db.prepare("UPDATE messages SET origin = 'ai-approved' WHERE wamid = 'w.1'").run()
  })

  it('marks a conversation dirty from its earliest changed message, by any writer', () => {
    upgrade()
    db.prepare('DELETE FROM analytics_dirty').run()
    insertMessage('w.1', 9_000)
    insertMessage('w.2', 7_000)
    expect(dirty()).toEqual([{ conversation_id: 1, from_ms: 7_000 }])
    db.prepare('DELETE FROM analytics_dirty').run()
    // Only a change that matters marks it: updated_at alone does not.
    db.prepare("UPDATE messages SET updated_at = 5 WHERE wamid = 'w.1'").run()
    expect(dirty()).toEqual([])
    db.prepare("UPDATE messages SET status = 'read', timestamp = 8_000 WHERE wamid = 'w.1'").run()
    expect(dirty()).toEqual([{ conversation_id: 1, from_ms: 8_000 }])
    db.prepare("UPDATE contacts SET wa_id = '44770' WHERE id = 1").run()
    expect(dirty()).toEqual([{ conversation_id: 1, from_ms: 0 }])
  })

  it('keeps the rollups the sum of the facts: a change takes the old contribution off', () => {
    upgrade()
    const fact = (values: string) =>
      db
        .prepare(
          `INSERT INTO analytics_facts (message_id, conversation_id, timestamp, day, phone_number_id,
             direction, origin, accepted, delivered, read, failed, error_code, country,
             pricing_category, pricing_type, charged) VALUES ${values}`,
        )
        .run()
    fact(
      `(1, 1, 0, '2026-03-01', 'pn1', 'out', 'agent', 1, 0, 0, 1, 131026, 'IN', 'marketing', 'regular', 0)`,
    )
    fact(`(2, 1, 0, '2026-03-01', 'pn1', 'in', NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, 0)`)
    const daily = () =>
      db.prepare('SELECT messages_in, messages_out, delivered, failed FROM analytics_daily').all()
    const failures = () => db.prepare('SELECT error_code, n FROM analytics_daily_failures').all()
    const pricing = () =>
      db.prepare('SELECT charged, n FROM analytics_daily_pricing ORDER BY charged').all()
    expect(daily()).toEqual([{ messages_in: 1, messages_out: 1, delivered: 0, failed: 1 }])
    expect(failures()).toEqual([{ error_code: 131026, n: 1 }])
    db.prepare(
      'UPDATE analytics_facts SET failed = 0, error_code = NULL, delivered = 1, charged = 1 WHERE message_id = 1',
    ).run()
    expect(daily()).toEqual([{ messages_in: 1, messages_out: 1, delivered: 1, failed: 0 }])
    expect(failures()).toEqual([{ error_code: 131026, n: 0 }])
    expect(pricing()).toEqual([
      { charged: 0, n: 0 },
      { charged: 1, n: 1 },
    ])
    db.prepare('DELETE FROM analytics_facts').run()
    expect(daily()).toEqual([{ messages_in: 0, messages_out: 0, delivered: 0, failed: 0 }])
  })
})
