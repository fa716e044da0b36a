import type { EventPayload } from '@shared/contract/channels'
import type { OutboxError } from '@shared/contract/outbox'
import type { MessageStatus } from '@shared/contract/messaging'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'
import { setState, type OutboxRecord, type StatePatch } from './repo'

type OutboxItem = EventPayload<'outbox:changed'>['items'][number]
type StatusItem = EventPayload<'messages:status-changed'>['messages'][number]

/** What recording changed, pushed once the transaction committed. */
export interface Recorded {
  outbox: OutboxItem[]
  statuses: StatusItem[]
  conversationIds: Set<number>
}

export const emptyRecorded = (): Recorded => ({
  outbox: [],
  statuses: [],
  conversationIds: new Set(),
})

function note(
  out: Recorded,
  r: OutboxRecord,
  patch: StatePatch,
  message?: { wamid: string | null; status: MessageStatus },
) {
  out.outbox.push({
    outboxId: r.id,
    messageId: r.message_id,
    conversationId: r.conversation_id,
    state: patch.state,
    error: patch.error ?? null,
  })
  out.conversationIds.add(r.conversation_id)
  if (message && r.message_id !== null)
    out.statuses.push({ messageId: r.message_id, conversationId: r.conversation_id, ...message })
}

/** Meta accepted it: the outbox row is sent and the message row has its wamid. */
export function recordSent(
  db: Db,
  r: OutboxRecord,
  wamid: string,
  from: OutboxRecord['state'][],
  now: number,
  out: Recorded,
): void {
  const patch: StatePatch = {
    state: 'sent',
    wamid,
    next_attempt_at: null,
    unconfirmed: 0,
    error: null,
  }
  if (!setState(db, r.id, from, patch, now)) return
  if (r.message_id === null) return note(out, r, patch)
  // A status webhook may have named it first (its callback data): keep that wamid and status.
  const row = prep<[string, number, number], { wamid: string; status: MessageStatus }>(
    db,
    `UPDATE messages SET wamid = coalesce(wamid, ?),
         status = CASE WHEN status IN ('pending', 'failed') AND status_state IS NULL
           THEN 'accepted' ELSE status END,
         failed_at = CASE WHEN status_state IS NULL THEN NULL ELSE failed_at END,
         error_code = CASE WHEN status_state IS NULL THEN NULL ELSE error_code END,
         error_title = CASE WHEN status_state IS NULL THEN NULL ELSE error_title END,
         error_message = CASE WHEN status_state IS NULL THEN NULL ELSE error_message END,
         error_details = CASE WHEN status_state IS NULL THEN NULL ELSE error_details END,
         updated_at = ?
       WHERE id = ? RETURNING wamid, status`,
  ).get(wamid, now, r.message_id)
  note(out, r, patch, row)
}

/** Back in the queue until `at` (a limit, a transient failure); the message stays pending. */
export function recordRetry(
  db: Db,
  r: OutboxRecord,
  at: number,
  error: OutboxError | null,
  now: number,
  out: Recorded,
): void {
  const patch: StatePatch = {
    state: 'queued',
    next_attempt_at: at,
    sending_since: null,
    ...(error === null ? {} : { error }),
  }
  if (setState(db, r.id, ['queued', 'sending'], patch, now)) note(out, r, patch)
}

/** Terminal: the outbox row failed, and the message row shows the reason (unless reconciled). */
export function recordFailed(
  db: Db,
  r: OutboxRecord,
  error: OutboxError,
  from: OutboxRecord['state'][],
  now: number,
  out: Recorded,
  unconfirmed = false,
): void {
  const patch: StatePatch = {
    state: 'failed',
    error,
    next_attempt_at: null,
    ...(unconfirmed ? { unconfirmed: 1 as const } : {}),
  }
  if (!setState(db, r.id, from, patch, now)) return
  if (r.message_id === null) return note(out, r, patch)
  const changed = prep(
    db,
    `UPDATE messages SET status = 'failed', failed_at = ?, error_code = ?, error_title = ?,
         error_message = ?, error_details = ?, updated_at = ?
       WHERE id = ? AND wamid IS NULL AND status_state IS NULL`,
  ).run(now, error.code, error.title, error.message, error.fix, now, r.message_id).changes
  note(out, r, patch, changed > 0 ? { wamid: null, status: 'failed' } : undefined)
}

/** Meta may have it (the answer was lost): stays `sending`, settled by the status webhook. */
export function recordUnconfirmed(
  db: Db,
  r: OutboxRecord,
  error: OutboxError,
  now: number,
  out: Recorded,
): void {
  const patch: StatePatch = { state: 'sending', unconfirmed: 1, error }
  if (setState(db, r.id, ['sending'], patch, now)) note(out, r, patch)
}
