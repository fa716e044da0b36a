import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0005 } from './0005-messaging'

const planOf = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((row) => row.detail)
    .join(' ')

describe(`migration ${migration0005.id} (messaging)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, migration0005.id))
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  const conversation = () => {
    const contact = db
      .prepare('INSERT INTO contacts (wa_id, created_at, updated_at) VALUES (?, 1, 1)')
      .run('15551234567').lastInsertRowid
    return db
      .prepare(
        `INSERT INTO conversations (phone_number_id, contact_id, created_at, updated_at)
         VALUES ('pn1', ?, 1, 1)`,
      )
      .run(contact).lastInsertRowid
  }
  const insertMessage = (conversationId: number | bigint, wamid: string | null, text: string) =>
    db
      .prepare(
        `INSERT INTO messages (wamid, conversation_id, direction, source, type, text, timestamp,
           status, created_at, updated_at)
         VALUES (?, ?, 'in', 'webhook', 'text', ?, 1, 'received', 1, 1)`,
      )
      .run(wamid, conversationId, text).lastInsertRowid

  it('keeps one row per wamid, and any number of outbox rows without one', () => {
    const c = conversation()
    insertMessage(c, 'wamid.1', 'hello')
    expect(() => insertMessage(c, 'wamid.1', 'again')).toThrow(/UNIQUE/)
    insertMessage(c, null, 'queued')
    insertMessage(c, null, 'queued too')
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 3 })
  })

  it('keeps the FTS index in step with message text through inserts, updates and deletes', () => {
    const c = conversation()
    const id = insertMessage(c, 'wamid.1', 'Olá, qual é o preço?')
    const match = (q: string) =>
      db.prepare('SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?').all(q)
    expect(match('preco')).toEqual([{ id: Number(id) }])
    db.prepare("UPDATE messages SET text = 'delivery tomorrow' WHERE id = ?").run(id)
    expect(match('preco')).toEqual([])
    expect(match('tomorrow')).toEqual([{ id: Number(id) }])
    db.prepare('DELETE FROM messages WHERE id = ?').run(id)
    expect(match('tomorrow')).toEqual([])
    db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run()
  })

  it('serves each list query from its index', () => {
    const lists = [
      [
        'SELECT id FROM conversations ORDER BY last_message_at DESC, id DESC LIMIT 50',
        'conversations_by_activity',
      ],
      [
        'SELECT id FROM conversations ORDER BY has_unread DESC, last_message_at DESC, id DESC LIMIT 50',
        'conversations_unread_first',
      ],
      [
        "SELECT id FROM conversations WHERE phone_number_id = 'p' ORDER BY last_message_at DESC, id DESC LIMIT 50",
        'conversations_by_number',
      ],
      [
        "SELECT id FROM conversations WHERE phone_number_id = 'p' ORDER BY has_unread DESC, last_message_at DESC, id DESC LIMIT 50",
        'conversations_by_number_unread_first',
      ],
      [
        'SELECT id FROM messages WHERE conversation_id = 1 ORDER BY timestamp DESC, id DESC LIMIT 50',
        'messages_by_conversation',
      ],
      ["SELECT id FROM messages WHERE reaction_to = 'w'", 'messages_by_reaction_target'],
      ['SELECT id FROM messages WHERE timestamp >= 5 ORDER BY timestamp, id', 'messages_by_time'],
    ] as const
    for (const [sql, index] of lists) {
      const plan = planOf(db, sql)
      expect(plan, sql).toMatch(index)
      expect(plan, sql).not.toMatch(/TEMP B-TREE/)
    }
  })
})
