import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { lockDirectory, type DirLock } from '@server-kit/sqlite/dir-lock'
import { openSqlite, type Db } from '@server-kit/sqlite/open'
import { sqliteClaimStore } from './sqlite-claims'
import { relayMigrations } from './sqlite-schema'
import { WalSync } from './wal-sync'
import { memorySignupStore } from '../signup/store'
import type { EventLog, NewEvent, StoredEvent } from './types'

/** Most appends committed in one transaction. */
const MAX_BATCH = 1000
/** Rows deleted per trimming transaction, so appends never wait long behind a trim. */
const TRIM_CHUNK = 5000

interface Pending {
  event: NewEvent
  resolve: (cursor: string) => void
  reject: (error: unknown) => void
}

interface EventRow {
  seq: number
  received_at: number
  headers: string
  body: Buffer
}

const toEvent = (row: EventRow): StoredEvent => ({
  cursor: String(row.seq),
  receivedAt: row.received_at,
  headers: JSON.parse(row.headers) as Record<string, string>,
  body: row.body,
})

export interface SqliteEventLog extends EventLog {
  /** Transactions committed for appends (group commit makes this far fewer than appends). */
  readonly commits: number
}

/**
 * The default backend: one SQLite file in WAL mode. Group commit: appends that arrive while the
 * event loop is busy are queued and written in one transaction on the next turn; each resolves only
 * when its transaction is on disk (WalSync: fdatasync of the WAL off the event loop, shared by
 * every commit made meanwhile). Readers see only durable events, so a desktop is never sent an
 * event a power cut could take back. One relay process per file (SQLite has one writer; run more
 * instances with Redis).
 */
export function openSqliteLog(dataDir: string): SqliteEventLog {
  // One writer per log: a second relay on the folder would trim it and track durability apart.
  const lock = lockDirectory(dataDir, {
    what: 'relay',
    product: 'A relay',
    elsewhere:
      'set RELAY_DATA_DIR to another folder, or share one log between relays with RELAY_REDIS_URL',
  })
  try {
    return openLockedLog(dataDir, lock)
  } catch (error) {
    lock.release()
    throw error
  }
}

function openLockedLog(dataDir: string, lock: DirLock): SqliteEventLog {
  const file = join(dataDir, 'relay.sqlite3')
  const { db } = openSqlite({
    file,
    migrations: relayMigrations,
    fileMode: 0o600,
    dirMode: 0o700,
    hints: { product: 'the relay', elsewhere: 'set RELAY_DATA_DIR to another folder' },
  })
  const logId = ensureLogId(db)
  const statements = prepare(db)
  const wal = new WalSync(`${file}-wal`, dataDir)
  /** The newest sequence number known to be on disk; readers never go past it. */
  let durable = (statements.lastSeq.get() as { seq: number | null }).seq ?? 0
  const listeners = new Set<() => void>()
  const queue: Pending[] = []
  let scheduled = false
  let closed = false
  let commits = 0
  const signups = memorySignupStore(Date.now)

  const flush = () => {
    scheduled = false
    const batch = queue.splice(0, MAX_BATCH)
    if (queue.length > 0) schedule()
    let cursors: string[]
    try {
      cursors = statements.insertBatch(batch.map((pending) => pending.event))
      commits++
    } catch (error) {
      for (const pending of batch) pending.reject(error)
      return
    }
    const newest = Number(cursors.at(-1))
    wal.sync().then(
      () => {
        durable = Math.max(durable, newest)
        batch.forEach((pending, index) => pending.resolve(cursors[index]!))
        for (const listener of listeners) listener()
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error)
      },
    )
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  return {
    backend: 'sqlite',
    logId,
    get commits() {
      return commits
    },
    append: (event) =>
      new Promise<string>((resolve, reject) => {
        if (closed) {
          reject(new Error('the event log is closed'))
          return
        }
        queue.push({ event, resolve, reject })
        schedule()
      }),
    readAfter: async (after, limit) =>
      (
        statements.readAfter.all(after === null ? 0 : Number(after), durable, limit) as EventRow[]
      ).map(toEvent),
    cursorBefore: async (time) => {
      const row = statements.before.get(time) as { seq: number } | undefined
      return row ? String(row.seq) : null
    },
    head: async () => {
      const row = statements.head.get(durable) as { seq: number; received_at: number } | undefined
      return row ? { cursor: String(row.seq), receivedAt: row.received_at } : null
    },
    trimmedAfter: async (after) => statements.trimmedThrough() > Number(after),
    isCursor: (cursor) => /^\d{1,15}$/.test(cursor),
    trim: async (before) => trimBefore(db, statements, before),
    onAppend: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ping: async () => {
      statements.head.get(durable)
    },
    claims: sqliteClaimStore(db),
    signups,
    close: async () => {
      if (closed) return
      closed = true
      while (queue.length > 0) flush()
      // Every queued append answered (on disk) before the file is closed.
      await wal.drain()
      listeners.clear()
      await signups.close()
      wal.close()
      db.close()
      lock.release()
    },
  }
}

function ensureLogId(db: Db): string {
  db.prepare("INSERT INTO meta (key, value) VALUES ('log_id', ?) ON CONFLICT DO NOTHING").run(
    randomUUID(),
  )
  return (db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as { value: string })
    .value
}

type Statements = ReturnType<typeof prepare>

function prepare(db: Db) {
  const insert = db.prepare(
    'INSERT INTO events (received_at, headers, body) VALUES (?, ?, ?) RETURNING seq',
  )
  const trimmed = db.prepare("SELECT value FROM meta WHERE key = 'trimmed_through'")
  return {
    insertBatch: db.transaction((events: NewEvent[]) =>
      events.map((event) => {
        const row = insert.get(event.receivedAt, JSON.stringify(event.headers), event.body) as {
          seq: number
        }
        return String(row.seq)
      }),
    ),
    readAfter: db.prepare('SELECT * FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
    before: db.prepare(
      'SELECT seq FROM events WHERE received_at < ? ORDER BY received_at DESC, seq DESC LIMIT 1',
    ),
    head: db.prepare(
      'SELECT seq, received_at FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
    ),
    trimmedThrough: () => Number((trimmed.get() as { value: string } | undefined)?.value ?? 0),
    /** The first event to keep: the oldest received at or after the cutoff (the log stays a suffix). */
    firstKept: db.prepare(
      'SELECT seq FROM events WHERE received_at >= ? ORDER BY received_at, seq LIMIT 1',
    ),
    lastSeq: db.prepare('SELECT max(seq) AS seq FROM events'),
    deleteChunk: db.prepare(
      'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq < ? ORDER BY seq LIMIT ?) RETURNING seq',
    ),
    setTrimmed: db.prepare(
      `INSERT INTO meta (key, value) VALUES ('trimmed_through', ?)
       ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
    ),
    trimClaims: db.prepare(
      'DELETE FROM claims WHERE completed_at IS NOT NULL AND completed_at < ?',
    ),
  }
}

function trimBefore(db: Db, statements: Statements, before: number): number {
  const kept = statements.firstKept.get(before) as { seq: number } | undefined
  const last = (statements.lastSeq.get() as { seq: number | null }).seq
  if (last === null) return 0
  const limit = kept ? kept.seq : last + 1
  let deleted = 0
  for (;;) {
    const chunk = db.transaction(() => {
      const rows = statements.deleteChunk.all(limit, TRIM_CHUNK) as { seq: number }[]
      // RETURNING rows come in no particular order.
      if (rows.length > 0) statements.setTrimmed.run(String(Math.max(...rows.map((r) => r.seq))))
      return rows.length
    })()
    deleted += chunk
    if (chunk < TRIM_CHUNK) break
  }
  statements.trimClaims.run(before)
  return deleted
}
