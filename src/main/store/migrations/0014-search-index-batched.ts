import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * The search index (`messages_fts`, migration 0005) written once per transaction instead of once
 * per row. FTS5 writes the terms it holds as a new index segment at every statement savepoint
 * (https://sqlite.org/fts5.html#the_automerge_option: each flush adds a level-0 segment), and
 * every INSERT into `messages` opens one, so a trigger that indexes each row made one segment per
 * message and merged them again and again. Now a new or changed text only queues its row in
 * `messages_fts_pending`; src/main/messaging/search-index.ts indexes the queue with one statement
 * at the end of each ingest batch (inside its transaction, so the index commits with the messages)
 * and before a search reads (rows other writers added, such as the outbox's).
 *
 * A row is in the index or in the queue, never both: an edit or a delete takes the old text out of
 * the index only when the row is not queued (its text was never indexed).
 */
export const migration0014: Migration = {
  id: 14,
  name: 'search-index-batched',
  sql: `
    CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY) STRICT;

    DROP TRIGGER messages_fts_insert;
    DROP TRIGGER messages_fts_update;
    DROP TRIGGER messages_fts_delete;
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
      INSERT INTO messages_fts_pending (id) VALUES (new.id) ON CONFLICT (id) DO NOTHING;
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
      WHEN old.text IS NOT new.text BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text)
        SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
      INSERT INTO messages_fts_pending (id) SELECT new.id WHERE new.text IS NOT NULL
        ON CONFLICT (id) DO NOTHING;
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text)
        SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
      DELETE FROM messages_fts_pending WHERE id = old.id;
    END;
  `,
}
