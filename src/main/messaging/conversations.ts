import { freeEntryPointEndsAt } from '@shared/whatsapp/windows'
import type { Db } from '../store/database'
import type { AddedMessage, AggregateWork, ChangeSet } from './changes'
import { conversationKey, type IngestCache } from './ingest-cache'
import { prep } from './sql'

/**
 * Conversations: one per business number and contact. Their aggregates (last message, unread
 * count, last inbound time, predicted free entry point end) are brought up to date before each
 * commit, so they always equal what the messages say, whatever order the webhooks came in:
 * recomputed from the messages (`recomputeConversation`) after anything that may move them, and
 * folded (`foldMessages`) when a transaction only added messages — the same values, without
 * counting every unread message again. `referral_at`, `free_entry_until` and `read_up_to` are
 * maxima and merge as such.
 */

/**
 * Inbound messages that count as unread: everything the customer sent except reactions and
 * system notices (number changes), which WhatsApp does not count either.
 */
export const UNREAD_SQL = `direction = 'in' AND type NOT IN ('reaction', 'system')`
/** Inbound messages that open the customer service window: all but system (windows.ts). */
const OPENS_WINDOW_SQL = `direction = 'in' AND type <> 'system'`
/** The two above, for a message in hand. */
const isUnread = (m: AddedMessage) =>
  m.direction === 'in' && m.type !== 'reaction' && m.type !== 'system'
const opensWindow = (m: AddedMessage) => m.direction === 'in' && m.type !== 'system'

export function upsertConversation(
  db: Db,
  phoneNumberId: string,
  displayPhoneNumber: string | null,
  contactId: number,
  changes: ChangeSet,
  cache?: IngestCache,
): number {
  // Most messages come to a conversation that exists and knows its number: nothing to write.
  const key = conversationKey(phoneNumberId, contactId)
  const found =
    cache?.conversations.get(key) ??
    prep<[string, number], { id: number; display_phone_number: string | null }>(
      db,
      'SELECT id, display_phone_number FROM conversations WHERE phone_number_id = ? AND contact_id = ?',
    ).get(phoneNumberId, contactId)
  if (found && (displayPhoneNumber === null || found.display_phone_number === displayPhoneNumber)) {
    cache?.conversations.set(key, found)
    changes.noted(found.id)
    return found.id
  }
  const now = Date.now()
  const row = prep<[string, string | null, number, number, number], { id: number }>(
    db,
    `INSERT INTO conversations (phone_number_id, display_phone_number, contact_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (phone_number_id, contact_id) DO UPDATE SET
         display_phone_number = coalesce(excluded.display_phone_number, display_phone_number)
       RETURNING id`,
  ).get(phoneNumberId, displayPhoneNumber, contactId, now, now)!
  cache?.conversations.set(key, {
    id: row.id,
    display_phone_number: displayPhoneNumber ?? found?.display_phone_number ?? null,
  })
  // A new conversation's defaults are the aggregates of no messages.
  changes.noted(row.id)
  return row.id
}

/** Raises a conversation's maxima (a CTWA referral's time, Meta's free entry point end). */
export function raiseConversation(
  db: Db,
  id: number,
  column: 'referral_at' | 'free_entry_until' | 'read_up_to',
  value: number,
) {
  prep(db, `UPDATE conversations SET ${column} = max(coalesce(${column}, ?), ?) WHERE id = ?`).run(
    value,
    value,
    id,
  )
}

/** Moves `loser`'s messages into `winner` (same number, contacts found to be one) and drops it. */
export function mergeConversations(db: Db, winner: number, loser: number, changes: ChangeSet) {
  const lost = prep<
    [number],
    { referral_at: number | null; free_entry_until: number | null; read_up_to: number | null }
  >(db, 'SELECT referral_at, free_entry_until, read_up_to FROM conversations WHERE id = ?').get(
    loser,
  )
  if (!lost) return
  prep(db, 'UPDATE messages SET conversation_id = ? WHERE conversation_id = ?').run(winner, loser)
  for (const column of ['referral_at', 'free_entry_until', 'read_up_to'] as const) {
    const value = lost[column]
    if (value !== null) raiseConversation(db, winner, column, value)
  }
  prep(db, 'DELETE FROM conversations WHERE id = ?').run(loser)
  changes.remove(loser)
  changes.touch(winner)
}

/** Sets the aggregates of conversation `id` from its messages (`+?`: see sql.ts). */
export function recomputeConversation(db: Db, id: number) {
  const conversation = prep<[number], { read_up_to: number | null; referral_at: number | null }>(
    db,
    'SELECT read_up_to, referral_at FROM conversations WHERE id = ?',
  ).get(id)
  if (!conversation) return
  const last = prep<[number], { id: number; timestamp: number }>(
    db,
    `SELECT id, timestamp FROM messages WHERE conversation_id = +?
       ORDER BY timestamp DESC, id DESC LIMIT 1`,
  ).get(id)
  const lastInbound = prep<[number], { timestamp: number }>(
    db,
    `SELECT timestamp FROM messages WHERE conversation_id = +? AND ${OPENS_WINDOW_SQL}
       ORDER BY timestamp DESC, id DESC LIMIT 1`,
  ).get(id)
  const unread = prep<[number, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM messages
       WHERE conversation_id = ? AND timestamp > ? AND ${UNREAD_SQL}`,
  ).get(id, conversation.read_up_to ?? -1)!.n
  const referralAtMs = conversation.referral_at
  const firstReply =
    referralAtMs === null
      ? undefined
      : prep<[number, number], { timestamp: number }>(
          db,
          `SELECT timestamp FROM messages WHERE conversation_id = +? AND direction = 'out'
               AND timestamp >= ? ORDER BY timestamp LIMIT 1`,
        ).get(id, referralAtMs)
  const predicted =
    referralAtMs === null
      ? null
      : freeEntryPointEndsAt({ referralAtMs, firstReplyAtMs: firstReply?.timestamp ?? null })
  writeAggregates(db, id, {
    last_message_id: last?.id ?? null,
    last_message_at: last?.timestamp ?? 0,
    last_inbound_at: lastInbound?.timestamp ?? null,
    unread_count: unread,
    free_entry_predicted_until: predicted,
  })
}

interface Aggregates {
  last_message_id: number | null
  last_message_at: number
  last_inbound_at: number | null
  unread_count: number
  free_entry_predicted_until: number | null
}

function writeAggregates(db: Db, id: number, a: Aggregates) {
  prep(
    db,
    `UPDATE conversations SET last_message_id = ?, last_message_at = ?, last_inbound_at = ?,
       unread_count = ?, free_entry_predicted_until = ?, updated_at = ? WHERE id = ?`,
  ).run(
    a.last_message_id,
    a.last_message_at,
    a.last_inbound_at,
    a.unread_count,
    a.free_entry_predicted_until,
    Date.now(),
    id,
  )
}

/**
 * Takes messages just added to conversation `id` into its stored aggregates, which equal its
 * messages before them: the newest message, the newest window-opening one and the unread count
 * move as recomputeConversation would move them. A conversation with a referral is recomputed
 * (whether a new message is the first reply after it is a question for the messages).
 */
export function foldMessages(db: Db, id: number, added: readonly AddedMessage[]) {
  const stored = prep<
    [number],
    Aggregates & { read_up_to: number | null; referral_at: number | null }
  >(
    db,
    `SELECT last_message_id, last_message_at, last_inbound_at, unread_count,
       free_entry_predicted_until, read_up_to, referral_at FROM conversations WHERE id = ?`,
  ).get(id)
  if (!stored) return
  if (stored.referral_at !== null) return recomputeConversation(db, id)
  const next: Aggregates = { ...stored }
  for (const m of added) {
    if (
      next.last_message_id === null ||
      m.timestamp > next.last_message_at ||
      (m.timestamp === next.last_message_at && m.id > next.last_message_id)
    ) {
      next.last_message_id = m.id
      next.last_message_at = m.timestamp
    }
    if (opensWindow(m) && (next.last_inbound_at === null || m.timestamp > next.last_inbound_at))
      next.last_inbound_at = m.timestamp
    if (isUnread(m) && m.timestamp > (stored.read_up_to ?? -1)) next.unread_count++
  }
  writeAggregates(db, id, {
    last_message_id: next.last_message_id,
    last_message_at: next.last_message_at,
    last_inbound_at: next.last_inbound_at,
    unread_count: next.unread_count,
    free_entry_predicted_until: null, // no referral, no prediction
  })
}

/** Brings the aggregates of what a transaction touched up to date (ChangeSet.takeAggregates). */
export function updateAggregates(db: Db, work: AggregateWork) {
  for (const id of work.recompute) recomputeConversation(db, id)
  for (const [id, added] of work.fold) foldMessages(db, id, added)
  // Nothing they read changed: as a recomputation would, only the row's time moves.
  const touch = prep(db, 'UPDATE conversations SET updated_at = ? WHERE id = ?')
  for (const id of work.keep) touch.run(Date.now(), id)
}
