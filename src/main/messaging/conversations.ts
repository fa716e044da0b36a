import { freeEntryPointEndsAt } from '@shared/whatsapp/windows'
import type { Db } from '../store/database'
import type { ChangeSet } from './changes'
import { prep } from './sql'

/**
 * Conversations: one per business number and contact. Their aggregates (last message, unread
 * count, last inbound time, predicted free entry point end) are recomputed from the messages
 * before each commit (`recomputeConversation`), so they always equal what the messages say,
 * whatever order the webhooks came in. `referral_at`, `free_entry_until` and `read_up_to` are
 * maxima and merge as such.
 */

/**
 * Inbound messages that count as unread: everything the customer sent except reactions and
 * system notices (number changes), which WhatsApp does not count either.
 */
export const UNREAD_SQL = `direction = 'in' AND type NOT IN ('reaction', 'system')`
/** Inbound messages that open the customer service window: all but system (windows.ts). */
const OPENS_WINDOW_SQL = `direction = 'in' AND type <> 'system'`

export function upsertConversation(
  db: Db,
  phoneNumberId: string,
  displayPhoneNumber: string | null,
  contactId: number,
  changes: ChangeSet,
): number {
  // Most messages come to a conversation that exists and knows its number: nothing to write.
  const found = prep<[string, number], { id: number; display_phone_number: string | null }>(
    db,
    'SELECT id, display_phone_number FROM conversations WHERE phone_number_id = ? AND contact_id = ?',
  ).get(phoneNumberId, contactId)
  if (found && (displayPhoneNumber === null || found.display_phone_number === displayPhoneNumber)) {
    changes.touch(found.id)
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
  changes.touch(row.id)
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
  prep(
    db,
    `UPDATE conversations SET last_message_id = ?, last_message_at = ?, last_inbound_at = ?,
       unread_count = ?, free_entry_predicted_until = ?, updated_at = ? WHERE id = ?`,
  ).run(
    last?.id ?? null,
    last?.timestamp ?? 0,
    lastInbound?.timestamp ?? null,
    unread,
    predicted,
    Date.now(),
    id,
  )
}
