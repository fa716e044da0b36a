import type { Db } from '../store/database'
import { prep } from './sql'

/**
 * Indexes the message texts queued since the last call (migration 0014: triggers queue a row when
 * its text is added or changed) with one statement, and empties the queue. Ingestion calls it at
 * the end of each batch, inside the batch's transaction, so search sees exactly what committed;
 * a search calls it before reading, for rows other writers (the outbox, a rebuild) queued.
 * Cheap when the queue is empty. Returns the rows indexed. CROSS JOIN keeps the queue the outer
 * loop: without statistics SQLite would scan every message and probe the queue.
 */
export function flushSearchIndex(db: Db): number {
  if (!prep<[], { id: number }>(db, 'SELECT id FROM messages_fts_pending LIMIT 1').get()) return 0
  let indexed = 0
  db.transaction(() => {
    indexed = prep(
      db,
      `INSERT INTO messages_fts (rowid, text)
         SELECT m.id, m.text FROM messages_fts_pending p CROSS JOIN messages m ON m.id = p.id
         WHERE m.text IS NOT NULL`,
    ).run().changes
    prep(db, 'DELETE FROM messages_fts_pending').run()
  })()
  return indexed
}
