import type { Db } from './database'

/** An event as the tunnel hands it over: decoded body bytes and its dedupe keys already found. */
export interface IncomingRelayEvent {
  cursor: string
  /** Epoch ms, as the relay stamped it. */
  receivedAt: number
  headers: Record<string, string>
  body: Buffer
  /** wamid keys (see tunnel/dedupe-keys.ts); empty when the body has none. */
  keys: readonly string[]
}

export interface ApplyOutcome {
  /** New events recorded (including those marked as duplicates by wamid). */
  recorded: number
  /** Of those, events whose every message/status was already applied (`duplicate_of` set). */
  duplicates: number
  /** Events skipped because this event id (log + cursor) was already recorded. */
  alreadyApplied: number
}

export interface TunnelCursor {
  logId: string
  cursor: string
  updatedAt: number
}

export interface RelayEventRow {
  seq: number
  log_id: string
  cursor: string
  received_at: number
  headers: string
  body: Buffer
  applied_at: number
  duplicate_of: number | null
}

/** An event as recorded: what a sink derives its records from. */
export interface RecordedRelayEvent {
  seq: number
  receivedAt: number
  body: Buffer
}

/**
 * Derives records from relay events (the messaging domain: webhooks into conversations), run by a
 * projection (relay-projection.ts) right behind the tunnel: what it derives and the projection's
 * position commit together, or neither does.
 */
export interface RelayEventSink {
  /** Inside the transaction: the next recorded events, in log order. Throwing rolls back. */
  applyBatch(events: readonly RecordedRelayEvent[]): void
  /** After the transaction committed (push what changed). */
  committed(): void
  /** After it rolled back: forget what `applyBatch` collected (the events will come again). */
  rolledBack(): void
}

/**
 * The tunnel's append-only event record and its cursors (migration 0003). `apply` is the one way
 * in: a batch of events and the relay's cursor, in one transaction. Projections
 * (relay-projection.ts) derive the messaging tables from the record right behind it.
 */
export function createRelayEventsRepo(db: Db) {
  const insertEvent = db.prepare<[string, string, number, string, Buffer, number]>(
    `INSERT INTO relay_events (log_id, cursor, received_at, headers, body, applied_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (log_id, cursor) DO NOTHING`,
  )
  const insertKey = db.prepare<[string, number | bigint]>(
    'INSERT INTO relay_event_keys (key, event_seq) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  )
  const markDuplicate = db.prepare<[string, number | bigint]>(
    `UPDATE relay_events SET duplicate_of = (SELECT event_seq FROM relay_event_keys WHERE key = ?)
     WHERE seq = ?`,
  )
  const upsertCursor = db.prepare<[string, string, string, number]>(
    `INSERT INTO tunnel_cursors (relay, log_id, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (relay) DO UPDATE SET log_id = excluded.log_id, cursor = excluded.cursor,
       updated_at = excluded.updated_at`,
  )
  const selectCursor = db.prepare<[string], TunnelCursor>(
    'SELECT log_id AS logId, cursor, updated_at AS updatedAt FROM tunnel_cursors WHERE relay = ?',
  )
  const selectPage = db.prepare<[number, number], RelayEventRow>(
    `SELECT seq, log_id, cursor, received_at, headers, body, applied_at, duplicate_of
     FROM relay_events WHERE seq > ? ORDER BY seq LIMIT ?`,
  )
  const selectCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM relay_events')
  const selectLatest = db.prepare<[], { received_at: number }>(
    'SELECT received_at FROM relay_events ORDER BY received_at DESC LIMIT 1',
  )

  const applyTx = db.transaction(
    (relay: string, logId: string, events: readonly IncomingRelayEvent[], now: number) => {
      const outcome: ApplyOutcome = { recorded: 0, duplicates: 0, alreadyApplied: 0 }
      for (const event of events) {
        const inserted = insertEvent.run(
          logId,
          event.cursor,
          event.receivedAt,
          JSON.stringify(event.headers),
          event.body,
          now,
        )
        if (inserted.changes === 0) {
          outcome.alreadyApplied++
          continue
        }
        outcome.recorded++
        const seq = inserted.lastInsertRowid
        let fresh = 0
        for (const key of event.keys) fresh += insertKey.run(key, seq).changes
        if (event.keys.length > 0 && fresh === 0) {
          markDuplicate.run(event.keys[0]!, seq)
          outcome.duplicates++
        }
      }
      const last = events.at(-1)
      if (last) upsertCursor.run(relay, logId, last.cursor, now)
      return outcome
    },
  )

  return {
    /**
     * Records `events` (in log order) and moves `relay`'s cursor to the last one, atomically: after
     * a crash either both happened or neither did. Events already recorded are skipped; an event
     * whose every wamid key was applied before is recorded with `duplicate_of` and applies nothing.
     */
    apply(
      relay: string,
      logId: string,
      events: readonly IncomingRelayEvent[],
      now = Date.now(),
    ): ApplyOutcome {
      return applyTx.immediate(relay, logId, events, now)
    },
    cursor(relay: string): TunnelCursor | null {
      return selectCursor.get(relay) ?? null
    },
    /** Events in the order they were applied, after `afterSeq`. */
    page(afterSeq: number, limit: number): RelayEventRow[] {
      return selectPage.all(afterSeq, limit)
    },
    count(): number {
      return selectCount.get()?.n ?? 0
    },
    /** The newest relay receive time recorded (epoch ms), or null before any event. */
    latestReceivedAt(): number | null {
      return selectLatest.get()?.received_at ?? null
    },
  }
}

export type RelayEventsRepo = ReturnType<typeof createRelayEventsRepo>
