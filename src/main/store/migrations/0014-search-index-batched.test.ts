import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushSearchIndex } from '../../messaging/search-index'
import { migration0014 } from './0014-search-index-batched'
import { openBefore } from './test-db'

describe(`migration ${migration0014.id} (search index written per batch)`, () => {
  let db: Database.Database
  let upgrade: () => unknown
  let close: () => void
  beforeEach(() => ({ db, upgrade, close } = openBefore(migration0014.id)))
  afterEach(() => close())
  const insert = (text: string | null) =>
    Number(
      db
        .prepare(
          `INSERT INTO messages (conversation_id, direction, source, type, text, timestamp, status,
             created_at, updated_at) VALUES (1, 'in', 'webhook', 'text', ?, 1, 'received', 0, 0)`,
        )
        .run(text).lastInsertRowid,
    )
  const setText = (id: number, text: string | null) =>
    db.prepare('UPDATE messages SET text = ? WHERE id = ?').run(text, id)
  const match = (q: string) =>
    (
      db
        .prepare('SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid')
        .all(q) as { id: number }[]
    ).map((row) => row.id)
  const queued = () =>
    (db.prepare('SELECT id FROM messages_fts_pending ORDER BY id').all() as { id: number }[]).map(
      (row) => row.id,
    )
  const integrity = () =>
    db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run()

  it('keeps what was indexed before it, and indexes new texts when flushed', () => {
    const before = insert('parcel tomorrow')
    upgrade()
    expect(match('parcel')).toEqual([before])
    const after = insert('parcel today')
    insert(null)
    expect(queued()).toEqual([after])
    expect(match('parcel')).toEqual([before])
    expect(flushSearchIndex(db)).toBe(1)
    expect(queued()).toEqual([])
    expect(match('parcel')).toEqual([before, after])
    expect(flushSearchIndex(db)).toBe(0)
    integrity()
  })

  it('follows edits and deletes of indexed and of queued rows', () => {
    upgrade()
    const indexed = insert('refund please')
    const cleared = insert('blue size')
    flushSearchIndex(db)
    // Indexed rows: the old text leaves the index at once, the new one is queued.
    setText(indexed, 'red size')
    expect(match('refund')).toEqual([])
    setText(cleared, null)
    expect(match('blue')).toEqual([])
    // Queued rows: edited or deleted before they were ever indexed.
    const edited = insert('hello order')
    setText(edited, 'hello price')
    const gone = insert('hello where')
    db.prepare('DELETE FROM messages WHERE id = ?').run(gone)
    const emptied = insert('hello again')
    setText(emptied, null)
    expect(queued()).toEqual([indexed, edited, emptied])
    expect(flushSearchIndex(db)).toBe(2)
    expect(match('size')).toEqual([indexed])
    expect(match('hello')).toEqual([edited])
    expect(match('order')).toEqual([])
    db.prepare('DELETE FROM messages WHERE id = ?').run(indexed)
    expect(match('size')).toEqual([])
    integrity()
  })
})
