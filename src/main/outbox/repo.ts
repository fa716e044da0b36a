import type { OutboxEntry, OutboxError, OutboxState } from '@shared/contract/outbox'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'

/** An `outbox` row as stored (migration 0006). */
export interface OutboxRecord {
  id: string
  idempotency_key: string
  message_id: number | null
  conversation_id: number
  client_id: string | null
  waba_id: string
  phone_number_id: string
  recipient: string
  type: string
  payload: string
  free_form: 0 | 1
  state: OutboxState
  attempts: number
  next_attempt_at: number | null
  sending_since: number | null
  unconfirmed: 0 | 1
  wamid: string | null
  error_code: number | null
  error_title: string | null
  error_message: string | null
  error_fix: string | null
  error_retryable: 0 | 1 | null
  created_at: number
  updated_at: number
}

const iso = (ms: number) => new Date(ms).toISOString()

export function errorOf(r: OutboxRecord): OutboxError | null {
  if (r.error_title === null) return null
  return {
    code: r.error_code,
    title: r.error_title,
    message: r.error_message ?? '',
    fix: r.error_fix,
    retryable: r.error_retryable === 1,
  }
}

export function outboxEntry(r: OutboxRecord): OutboxEntry {
  return {
    outboxId: r.id,
    messageId: r.message_id,
    conversationId: r.conversation_id,
    clientId: r.client_id,
    phoneNumberId: r.phone_number_id,
    to: r.recipient,
    type: r.type,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt:
      r.state === 'queued' && r.next_attempt_at !== null ? iso(r.next_attempt_at) : null,
    error: errorOf(r),
    wamid: r.wamid,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

export const outboxById = (db: Db, id: string) =>
  prep<[string], OutboxRecord>(db, 'SELECT * FROM outbox WHERE id = ?').get(id)

export const outboxByKey = (db: Db, key: string) =>
  prep<[string], OutboxRecord>(db, 'SELECT * FROM outbox WHERE idempotency_key = ?').get(key)

export const outboxByMessage = (db: Db, messageId: number) =>
  prep<[number], OutboxRecord>(db, 'SELECT * FROM outbox WHERE message_id = ?').get(messageId)

export function insertOutbox(
  db: Db,
  row: Pick<
    OutboxRecord,
    | 'id'
    | 'idempotency_key'
    | 'message_id'
    | 'conversation_id'
    | 'client_id'
    | 'waba_id'
    | 'phone_number_id'
    | 'recipient'
    | 'type'
    | 'payload'
    | 'free_form'
  >,
  now: number,
): void {
  prep(
    db,
    `INSERT INTO outbox (id, idempotency_key, message_id, conversation_id, client_id, waba_id,
         phone_number_id, recipient, type, payload, free_form, state, next_attempt_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
  ).run(
    row.id,
    row.idempotency_key,
    row.message_id,
    row.conversation_id,
    row.client_id,
    row.waba_id,
    row.phone_number_id,
    row.recipient,
    row.type,
    row.payload,
    row.free_form,
    now,
    now,
    now,
  )
}

/**
 * The numbers with queued rows, found one index step each (a loose index scan over
 * `outbox_due_by_number`, migration 0011), however long their queues are.
 */
export function queuedNumbers(db: Db): string[] {
  return prep<[], { p: string }>(
    db,
    `WITH RECURSIVE n(p) AS (
       SELECT (SELECT min(phone_number_id) FROM outbox INDEXED BY outbox_due_by_number
                 WHERE state = 'queued')
       UNION ALL
       SELECT (SELECT min(phone_number_id) FROM outbox INDEXED BY outbox_due_by_number
                 WHERE state = 'queued' AND phone_number_id > n.p)
         FROM n WHERE n.p IS NOT NULL
     )
     SELECT p FROM n WHERE p IS NOT NULL`,
  )
    .all()
    .map((row) => row.p)
}

/** A number's queued rows whose time has come, oldest first. */
export function dueRows(db: Db, phoneNumberId: string, now: number, limit: number): OutboxRecord[] {
  return prep<[string, number, number], OutboxRecord>(
    db,
    `SELECT * FROM outbox INDEXED BY outbox_due_by_number
       WHERE state = 'queued' AND phone_number_id = ? AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at LIMIT ?`,
  ).all(phoneNumberId, now, limit)
}

/** When the next queued row falls due after `now` (null: none waiting). */
export function nextDueAfter(db: Db, now: number): number | null {
  return (
    prep<[number], { at: number | null }>(
      db,
      `SELECT min(next_attempt_at) AS at FROM outbox INDEXED BY outbox_due
         WHERE state = 'queued' AND next_attempt_at > ?`,
    ).get(now)?.at ?? null
  )
}

/** Rows in `sending` (with the message row's wamid, set by a status webhook's callback data). */
export function sendingRows(db: Db): (OutboxRecord & { message_wamid: string | null })[] {
  return prep<[], OutboxRecord & { message_wamid: string | null }>(
    db,
    `SELECT o.*, m.wamid AS message_wamid FROM outbox o
       LEFT JOIN messages m ON m.id = o.message_id
       WHERE o.state = 'sending'`,
  ).all()
}

/**
 * Unconfirmed rows already failed by the reconciliation rule that a late status webhook has since
 * named (the message row got its wamid): they did go out.
 */
export function lateConfirmed(db: Db): (OutboxRecord & { message_wamid: string })[] {
  return prep<[], OutboxRecord & { message_wamid: string }>(
    db,
    `SELECT o.*, m.wamid AS message_wamid FROM outbox o
       JOIN messages m ON m.id = o.message_id
       WHERE o.state = 'failed' AND o.unconfirmed = 1 AND m.wamid IS NOT NULL`,
  ).all()
}

export interface StatePatch {
  state: OutboxState
  attempts?: number
  next_attempt_at?: number | null
  sending_since?: number | null
  unconfirmed?: 0 | 1
  wamid?: string | null
  error?: OutboxError | null
  message_id?: number | null
}

/** Moves a row to a new state; `from` guards against a concurrent change (false: not moved). */
export function setState(
  db: Db,
  id: string,
  from: readonly OutboxState[],
  patch: StatePatch,
  now: number,
): boolean {
  const sets = ['state = ?', 'updated_at = ?']
  const values: unknown[] = [patch.state, now]
  const put = (column: string, value: unknown) => {
    sets.push(`${column} = ?`)
    values.push(value)
  }
  if (patch.attempts !== undefined) put('attempts', patch.attempts)
  if (patch.next_attempt_at !== undefined) put('next_attempt_at', patch.next_attempt_at)
  if (patch.sending_since !== undefined) put('sending_since', patch.sending_since)
  if (patch.unconfirmed !== undefined) put('unconfirmed', patch.unconfirmed)
  if (patch.wamid !== undefined) put('wamid', patch.wamid)
  if (patch.message_id !== undefined) put('message_id', patch.message_id)
  if (patch.error !== undefined) {
    const e = patch.error
    put('error_code', e?.code ?? null)
    put('error_title', e?.title ?? null)
    put('error_message', e?.message ?? null)
    put('error_fix', e?.fix ?? null)
    put('error_retryable', e ? (e.retryable ? 1 : 0) : null)
  }
  const result = db
    .prepare(
      `UPDATE outbox SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
    )
    .run(...values, id, ...from)
  return result.changes > 0
}

export function listOutbox(
  db: Db,
  filter: {
    conversationId?: number | undefined
    messageIds?: readonly number[] | undefined
    states?: readonly OutboxState[] | undefined
    limit?: number | undefined
  },
): OutboxRecord[] {
  const where: string[] = []
  const values: unknown[] = []
  if (filter.conversationId !== undefined) {
    where.push('conversation_id = ?')
    values.push(filter.conversationId)
  }
  if (filter.messageIds) {
    where.push('message_id IN (SELECT value FROM json_each(?))')
    values.push(JSON.stringify(filter.messageIds))
  }
  if (filter.states) {
    where.push('state IN (SELECT value FROM json_each(?))')
    values.push(JSON.stringify(filter.states))
  }
  return db
    .prepare<unknown[], OutboxRecord>(
      `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(...values, filter.limit ?? 200)
}

export function throughputs(db: Db): { phone_number_id: string; mps: number }[] {
  return prep<[], { phone_number_id: string; mps: number }>(
    db,
    'SELECT phone_number_id, mps FROM outbox_throughput ORDER BY phone_number_id',
  ).all()
}

export function saveThroughput(db: Db, phoneNumberId: string, mps: number): void {
  prep(
    db,
    `INSERT INTO outbox_throughput (phone_number_id, mps, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (phone_number_id) DO UPDATE SET mps = excluded.mps, updated_at = excluded.updated_at`,
  ).run(phoneNumberId, mps, Date.now())
}
