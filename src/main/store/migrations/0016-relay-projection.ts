import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Relay events are recorded first and projected into the messaging tables right behind
 * (src/main/store/relay-projection.ts), the way Signal Desktop keeps received envelopes in its
 * `unprocessed` table before it processes them: the tunnel's transaction holds the events, their
 * wamid keys and the relay's cursor, and each projection's transaction holds what it derived and
 * how far it got (`relay_projections.seq`, the last `relay_events.seq` it applied). Every event
 * recorded so far was applied inside the tunnel's transaction, so the projection starts at the
 * newest one.
 */
export const migration0016: Migration = {
  id: 16,
  name: 'relay-projection',
  sql: `
    CREATE TABLE relay_projections (
      name TEXT PRIMARY KEY,
      seq INTEGER NOT NULL
    ) STRICT;
    INSERT INTO relay_projections (name, seq)
      SELECT 'messaging', coalesce(max(seq), 0) FROM relay_events;
  `,
}
