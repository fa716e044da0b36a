import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ANCHOR } from '../../analytics/refresh'
import { messagesWithMedia } from '../../media/repo'
import { migration0012 } from './0012-ingest-indexes'
import { openBefore } from './test-db'

describe(`migration ${migration0012.id} (ingest indexes)`, () => {
  let db: Database.Database
  let upgrade: () => unknown
  let close: () => void
  beforeEach(() => ({ db, upgrade, close } = openBefore(migration0012.id)))
  afterEach(() => close())
  const message = (
    wamid: string,
    row: { direction: 'in' | 'out'; type?: string; status?: string; at: number; media?: string },
  ) =>
    Number(
      db
        .prepare(
          `INSERT INTO messages (wamid, conversation_id, direction, source, type, media_id,
             timestamp, status, created_at, updated_at)
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, 0, 0)`,
        )
        .run(
          wamid,
          row.direction,
          row.direction === 'in' ? 'webhook' : 'outbox',
          row.type ?? 'text',
          row.media ?? null,
          row.at,
          row.status ?? (row.direction === 'in' ? 'received' : 'delivered'),
        ).lastInsertRowid,
    )
  const plan = (sql: string, ...args: unknown[]) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...args)
      .map((row) => (row as { detail: string }).detail)
      .join(' | ')

  it('finds the messages of a received media id through an index of the rows with media', () => {
    const photo = message('w.1', { direction: 'in', type: 'image', at: 1_000, media: 'm-1' })
    message('w.2', { direction: 'in', at: 2_000 })
    upgrade()
    const again = message('w.3', { direction: 'in', type: 'image', at: 3_000, media: 'm-1' })
    expect(plan('SELECT id FROM messages WHERE media_id = ?', 'm-1')).toContain(
      'USING COVERING INDEX messages_by_media (media_id=?)',
    )
    expect(messagesWithMedia(db, 'm-1').sort()).toEqual([photo, again])
    expect(messagesWithMedia(db, 'm-2')).toEqual([])
  })

  it('finds the last reply before a position in one index step: no reactions, failed or cancelled sends', () => {
    const reply = message('w.1', { direction: 'out', at: 1_000 })
    message('w.2', { direction: 'in', at: 2_000 })
    upgrade()
    message('w.3', { direction: 'out', type: 'reaction', at: 3_000 })
    message('w.4', { direction: 'out', status: 'failed', at: 4_000 })
    const cancelled = message('w.5', { direction: 'out', status: 'accepted', at: 5_000 })
    db.prepare("UPDATE messages SET status = 'cancelled' WHERE id = ?").run(cancelled)
    const later = message('w.6', { direction: 'out', at: 9_000 })
    expect(plan(ANCHOR, 1, 8_000, 0)).toContain(
      'USING INDEX messages_replies (conversation_id=? AND timestamp<?)',
    )
    expect(db.prepare(ANCHOR).get(1, 8_000, 0)).toEqual({ id: reply, timestamp: 1_000 })
    expect(db.prepare(ANCHOR).get(1, 10_000, 0)).toEqual({ id: later, timestamp: 9_000 })
    // At the same time, the one before in id order.
    expect(db.prepare(ANCHOR).get(1, 9_000, later)).toEqual({ id: reply, timestamp: 1_000 })
    expect(db.prepare(ANCHOR).get(1, 9_000, later + 1)).toEqual({ id: later, timestamp: 9_000 })
    expect(db.prepare(ANCHOR).get(1, 1_000, reply)).toBeUndefined()
  })
})
