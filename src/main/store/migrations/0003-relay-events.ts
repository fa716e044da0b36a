import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * The webhook tunnel's record (issue #8), append-only:
 * - `relay_events`: every event a relay delivered, once per event id — `(log_id, cursor)`, the
 *   relay log's id and the event's position in it — with the exact body bytes, the headers and the
 *   relay's receive time, so anything can be re-derived from it later. `duplicate_of` marks an
 *   event whose every message and status had already been applied: Meta re-sends a webhook it is
 *   not sure was received
 *   (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications).
 * - `relay_event_keys`: each wamid (and each wamid + status) applied, with the event that carried
 *   it first: the dedupe index across event ids and relays.
 * - `tunnel_cursors`: per relay (its URL, or `embedded`), the log it streams and the cursor of the
 *   last event applied — advanced in the same transaction as the events, so a crash never leaves
 *   one without the other.
 */
export const migration0003: Migration = {
  id: 3,
  name: 'relay-events',
  sql: `
    CREATE TABLE relay_events (
      seq INTEGER PRIMARY KEY,
      log_id TEXT NOT NULL,
      cursor TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      headers TEXT NOT NULL,
      body BLOB NOT NULL,
      applied_at INTEGER NOT NULL,
      duplicate_of INTEGER REFERENCES relay_events (seq),
      UNIQUE (log_id, cursor)
    ) STRICT;
    CREATE INDEX relay_events_by_received ON relay_events (received_at);
    CREATE TABLE relay_event_keys (
      key TEXT PRIMARY KEY,
      event_seq INTEGER NOT NULL REFERENCES relay_events (seq)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE tunnel_cursors (
      relay TEXT PRIMARY KEY,
      log_id TEXT NOT NULL,
      cursor TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
}
