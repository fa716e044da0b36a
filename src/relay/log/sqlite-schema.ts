import type { Migration } from '@server-kit/sqlite/migrate'

/** The relay's SQLite schema (append-only list; applied by the shared migration runner). */
export const relayMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'event log and claims',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
      CREATE INDEX events_received_at ON events (received_at);
      CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        cursor TEXT,
        token INTEGER NOT NULL DEFAULT 0,
        holder TEXT NOT NULL DEFAULT '',
        expires_at INTEGER NOT NULL DEFAULT 0,
        attempt INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        completed_at INTEGER
      ) STRICT;
      CREATE INDEX claims_due ON claims (expires_at, created_at) WHERE completed_at IS NULL;
    `,
  },
]
