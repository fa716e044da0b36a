import type { Db } from './database'
import type { RecordedRelayEvent, RelayEventSink } from './relay-events-repo'

/**
 * A projection of the recorded relay events (migration 0016): `sink` derives its records from
 * them in log order, each batch in one transaction with the projection's position, so every
 * event is applied exactly once whatever stops the process. The tunnel records events without
 * waiting for this (the relay's backlog reaches the desktop at the speed of its own rows); the
 * projection follows right behind.
 */
export interface RelayProjection {
  /** Applies up to `limit` events after the position, in one transaction. Returns how many. */
  step(limit: number): number
  /** Events recorded and not yet projected. */
  backlog(): number
}

export function createRelayProjection(db: Db, name: string, sink: RelayEventSink): RelayProjection {
  const position = db.prepare<[string], { seq: number }>(
    'SELECT seq FROM relay_projections WHERE name = ?',
  )
  const moveTo = db.prepare<[string, number]>(
    `INSERT INTO relay_projections (name, seq) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`,
  )
  const page = db.prepare<[number, number], { seq: number; received_at: number; body: Buffer }>(
    'SELECT seq, received_at, body FROM relay_events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  // relay_events is append-only with rowid keys, so the newest seq less the position counts the
  // events behind without reading them.
  const newest = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM relay_events')
  const at = () => position.get(name)?.seq ?? 0

  const stepTx = db.transaction((limit: number) => {
    const rows = page.all(at(), limit)
    if (rows.length === 0) return 0
    const events: RecordedRelayEvent[] = rows.map((row) => ({
      seq: row.seq,
      receivedAt: row.received_at,
      body: row.body,
    }))
    sink.applyBatch(events)
    moveTo.run(name, rows.at(-1)!.seq)
    return rows.length
  })

  return {
    step(limit) {
      let applied: number
      try {
        applied = stepTx.immediate(limit)
      } catch (error) {
        sink.rolledBack()
        throw error
      }
      if (applied > 0) sink.committed()
      return applied
    },
    backlog: () => Math.max(0, (newest.get()?.seq ?? 0) - at()),
  }
}

/** Marks every recorded event as applied by `name` (a rebuild re-derived them all), in the caller's transaction. */
export function markAllProjected(db: Db, name: string): void {
  db.prepare(
    `INSERT INTO relay_projections (name, seq) SELECT ?, coalesce(max(seq), 0) FROM relay_events
     WHERE true ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`,
  ).run(name)
}
