import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migration0013 } from './0013-analytics-dirty-position'
import { migrations } from './index'

describe(`migration ${migration0013.id} (analytics dirty marks at a position)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    migrate(db, migrations.slice(0, migration0013.id - 1))
    db.exec(`
      INSERT INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '91980', 1, 1);
      INSERT INTO conversations (id, phone_number_id, contact_id, created_at, updated_at)
        VALUES (1, 'pn1', 1, 1, 1), (2, 'pn2', 1, 1, 1);`)
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })
  const upgrade = () => migrate(db, migrations.slice(0, migration0013.id))
  const insert = (wamid: string, timestamp: number, conversation = 1) =>
    Number(
      db
        .prepare(
          `INSERT INTO messages (wamid, conversation_id, direction, source, type, timestamp, status,
             created_at, updated_at) VALUES (?, ?, 'in', 'webhook', 'text', ?, 'received', 0, 0)`,
        )
        .run(wamid, conversation, timestamp).lastInsertRowid,
    )
  const marks = () =>
    db.prepare('SELECT conversation_id, from_ms, from_id FROM analytics_dirty ORDER BY 1').all()
  const clear = () => db.prepare('DELETE FROM analytics_dirty').run()

  it('keeps the marks there were, from every message of their time', () => {
    insert('w.1', 5_000)
    upgrade()
    expect(marks()).toEqual([{ conversation_id: 1, from_ms: 5_000, from_id: 0 }])
  })

  it('marks the earliest changed message by time, then id, for every writer', () => {
    upgrade()
    clear()
    const first = insert('w.1', 7_000)
    const second = insert('w.2', 7_000)
    insert('w.3', 9_000)
    // The same second: the earlier message in the walk's order.
    expect(marks()).toEqual([{ conversation_id: 1, from_ms: 7_000, from_id: first }])
    clear()
    insert('w.4', 9_000)
    db.prepare("UPDATE messages SET status = 'read' WHERE id = ?").run(second)
    expect(marks()).toEqual([{ conversation_id: 1, from_ms: 7_000, from_id: second }])
    clear()
    // A message moved earlier, and one moved to another conversation: both places are marked.
    db.prepare('UPDATE messages SET timestamp = 6_000 WHERE id = ?').run(first)
    db.prepare('UPDATE messages SET conversation_id = 2 WHERE id = ?').run(second)
    expect(marks()).toEqual([
      { conversation_id: 1, from_ms: 6_000, from_id: first },
      { conversation_id: 2, from_ms: 7_000, from_id: second },
    ])
    clear()
    db.prepare('DELETE FROM messages WHERE id = ?').run(second)
    expect(marks()).toEqual([{ conversation_id: 2, from_ms: 7_000, from_id: second }])
    clear()
    // Only a change that matters marks it.
    db.prepare('UPDATE messages SET updated_at = 5 WHERE id = ?').run(first)
    expect(marks()).toEqual([])
  })

  it('marks a conversation whose number or contact changed from its start', () => {
    upgrade()
    insert('w.1', 7_000)
    db.prepare("UPDATE conversations SET phone_number_id = 'pn9' WHERE id = 1").run()
    expect(marks()).toEqual([{ conversation_id: 1, from_ms: 0, from_id: 0 }])
    clear()
    insert('w.2', 8_000, 2)
    db.prepare("UPDATE contacts SET wa_id = '44770' WHERE id = 1").run()
    expect(marks()).toEqual([
      { conversation_id: 1, from_ms: 0, from_id: 0 },
      { conversation_id: 2, from_ms: 0, from_id: 0 },
    ])
  })
})
