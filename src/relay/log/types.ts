import type { SignupStore } from '../signup/store'

/**
 * The relay's durable event log and claim records. Two backends (SQLite, Redis Streams) implement
 * it with identical behaviour; the shared test suite runs against both.
 */

/** A webhook as received: the exact body bytes, the headers worth keeping, the receive time. */
export interface NewEvent {
  receivedAt: number
  headers: Record<string, string>
  body: Buffer
}

export interface StoredEvent extends NewEvent {
  cursor: string
}

export interface LogHead {
  cursor: string
  receivedAt: number
}

export interface EventLog {
  readonly backend: 'sqlite' | 'redis'
  /** Random, fixed when the log was created: cursors mean something only within one log. */
  readonly logId: string
  /** Resolves with the event's cursor once the event is durable; rejects when it is not stored. */
  append(event: NewEvent): Promise<string>
  /** Up to `limit` events after `after` (exclusive; null = the oldest retained), in log order. */
  readAfter(after: string | null, limit: number): Promise<StoredEvent[]>
  /** The cursor of the last event received before `time` (null when none): resume there to re-sync from a date. */
  cursorBefore(time: number): Promise<string | null>
  head(): Promise<LogHead | null>
  /** Whether retention deleted events after `after` (they can no longer be sent). */
  trimmedAfter(after: string): Promise<boolean>
  /** Whether `cursor` has this backend's shape. */
  isCursor(cursor: string): boolean
  /** Deletes events received before `before`; returns how many. */
  trim(before: number): Promise<number>
  /** Called after appends become readable (this instance's and, with Redis, other instances'). */
  onAppend(listener: () => void): () => void
  /** Throws when the backend cannot be reached (health check). */
  ping(): Promise<void>
  readonly claims: ClaimStore
  /** Signup attempts waiting for their launcher result (shared across instances with Redis). */
  readonly signups: SignupStore
  close(): Promise<void>
}

/** One unit of exactly-once work, leased to one desktop at a time. */
export interface Claim {
  id: string
  key: string
  cursor: string | null
  /** Fencing token: +1 on every offer. 0 before the first. */
  token: number
  /**
   * Who holds the lease, or held it last when it was released or ran out ('' before the first
   * offer): the next offer goes to another desktop when there is one.
   */
  holder: string
  /** When the lease ends (epoch ms); 0 when unheld. */
  expiresAt: number
  attempt: number
  completed: boolean
}

export interface ClaimStore {
  /** Creates the claim for `key` unless it exists; returns it either way. */
  request(key: string, cursor: string | null, now: number): Promise<Claim>
  /** Claims that are not completed and not leased at `now` (unheld or expired), oldest first. */
  due(now: number, limit: number): Promise<Claim[]>
  /** Leases a due claim to `holder` (token and attempt +1); null when it is leased or completed meanwhile. */
  take(id: string, holder: string, now: number, leaseMs: number): Promise<Claim | null>
  /** Extends a lease held with the current token; returns the new end, or null when stale. */
  extend(id: string, token: number, now: number, leaseMs: number): Promise<number | null>
  /** Records completion once, for the current token only; false when stale or already completed. */
  complete(id: string, token: number, now: number): Promise<boolean>
  /** Gives a lease back (due again at once, `holder` kept as the last one); false when stale. */
  release(id: string, token: number): Promise<boolean>
  get(id: string): Promise<Claim | null>
}
