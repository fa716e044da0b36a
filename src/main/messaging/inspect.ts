import { UNASSIGNED } from '@shared/contract/messaging'
import { windowEndsAt } from '@shared/whatsapp/windows'
import type { InspectContext, InspectEntity } from '../inspect/entity'
import type { Db } from '../store/database'
import { displayName, statusOf } from './rows'

/**
 * `npm run inspect -- messages|conversations|webhook-updates [--json|--csv] [--since T]
 * [--client ID]`: the fields, one row per message (the newest `--limit`, oldest first)
 * or per conversation (most recent activity first).
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** The client owning a number: the same choice the app makes (rows.ts CONVERSATION_SELECT). */
const CLIENT_OF = `(SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
  ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1)`

function filters(ctx: InspectContext, timeColumn: string) {
  const where: string[] = []
  const params: (string | number)[] = []
  if (ctx.since !== undefined) {
    where.push(`${timeColumn} >= ?`)
    params.push(ctx.since)
  }
  if (ctx.client === UNASSIGNED) where.push(`${CLIENT_OF} IS NULL`)
  else if (ctx.client !== undefined) {
    where.push(`${CLIENT_OF} = ?`)
    params.push(ctx.client)
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params }
}

interface MessageInspectRecord {
  wamid: string | null
  id: number
  conversation_id: number
  client_id: string | null
  direction: 'in' | 'out'
  source: string
  type: string
  phone_number_id: string
  wa_id: string | null
  user_id: string | null
  timestamp: number
  status: string
  read_up_to: number | null
  text: string | null
  media_id: string | null
  mime_type: string | null
  latitude: number | null
  longitude: number | null
  emoji: string | null
  reaction_to: string | null
  reply_to: string | null
  error_code: number | null
  error_title: string | null
  sent_at: number | null
  delivered_at: number | null
  read_at: number | null
  played_at: number | null
  failed_at: number | null
  outbox_id: string | null
}

export function messageInspectRows(db: Db, ctx: InspectContext) {
  const { sql, params } = filters(ctx, 'm.timestamp')
  const records = db
    .prepare<(string | number)[], MessageInspectRecord>(
      `SELECT * FROM (
         SELECT m.wamid, m.id, m.conversation_id, ${CLIENT_OF} AS client_id, m.direction, m.source,
           m.type, c.phone_number_id, k.wa_id, k.user_id, m.timestamp, m.status, c.read_up_to,
           m.text, m.media_id, m.mime_type, m.latitude, m.longitude, m.emoji, m.reaction_to,
           m.reply_to, m.error_code, m.error_title, m.sent_at, m.delivered_at, m.read_at,
           m.played_at, m.failed_at, m.outbox_id
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         JOIN contacts k ON k.id = c.contact_id
         ${sql} ORDER BY m.timestamp DESC, m.id DESC LIMIT ?)
       ORDER BY timestamp, id`,
    )
    .all(...params, ctx.limit)
  return records.map((r) => ({
    id: r.wamid,
    direction: r.direction,
    type: r.type,
    phone_number_id: r.phone_number_id,
    contact: r.wa_id ?? r.user_id,
    timestamp: iso(r.timestamp),
    status: statusOf(r.direction, r.status, r.timestamp, r.read_up_to),
    text: r.text,
    media_id: r.media_id,
    mime_type: r.mime_type,
    latitude: r.latitude,
    longitude: r.longitude,
    emoji: r.emoji,
    reaction_to: r.reaction_to,
    reply_to: r.reply_to,
    error_code: r.error_code,
    error_title: r.error_title,
    user_id: r.user_id,
    client_id: r.client_id,
    conversation_id: r.conversation_id,
    source: r.source,
    sent_at: iso(r.sent_at),
    delivered_at: iso(r.delivered_at),
    read_at: iso(r.read_at),
    played_at: iso(r.played_at),
    failed_at: iso(r.failed_at),
    outbox_id: r.outbox_id,
    row_id: r.id,
  }))
}

interface ConversationInspectRecord {
  id: number
  client_id: string | null
  phone_number_id: string
  wa_id: string | null
  user_id: string | null
  profile_name: string | null
  username: string | null
  unread_count: number
  last_message_at: number
  last_inbound_at: number | null
  free_entry_until: number | null
  free_entry_predicted_until: number | null
  messages: number
}

export function conversationInspectRows(db: Db, ctx: InspectContext) {
  const { sql, params } = filters(ctx, 'c.last_message_at')
  return db
    .prepare<(string | number)[], ConversationInspectRecord>(
      `SELECT c.id, ${CLIENT_OF} AS client_id, c.phone_number_id, k.wa_id, k.user_id,
         k.profile_name, k.username, c.unread_count, c.last_message_at, c.last_inbound_at,
         c.free_entry_until, c.free_entry_predicted_until,
         (SELECT count(*) FROM messages WHERE conversation_id = c.id) AS messages
       FROM conversations c JOIN contacts k ON k.id = c.contact_id
       ${sql} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?`,
    )
    .all(...params, ctx.limit)
    .map((r) => ({
      id: r.id,
      client_id: r.client_id,
      phone_number_id: r.phone_number_id,
      contact: r.wa_id ?? r.user_id,
      user_id: r.user_id,
      contact_name: displayName(r),
      unread_count: r.unread_count,
      messages: r.messages,
      last_message_at: r.last_message_at ? iso(r.last_message_at) : null,
      last_inbound_at: iso(r.last_inbound_at),
      window_ends_at: iso(windowEndsAt(r.last_inbound_at)),
      free_entry_ends_at: iso(r.free_entry_until ?? r.free_entry_predicted_until),
    }))
}

const MESSAGING_TABLES = ['messages', 'conversations', 'contacts', 'clients'] as const

export const messagingEntities: Record<string, InspectEntity> = {
  messages: {
    describe: 'messages in and out: wamid, type, contact, status, text, media, location, errors',
    tables: MESSAGING_TABLES,
    rows: messageInspectRows,
  },
  conversations: {
    describe: 'conversations per client number and contact: unread, last message, both windows',
    tables: MESSAGING_TABLES,
    rows: conversationInspectRows,
  },
  'webhook-updates': {
    describe: 'webhook updates other than messages: errors, account and template changes, unknown',
    tables: ['webhook_updates'],
    rows: (db, ctx) =>
      db
        .prepare<[number, number], Record<string, unknown>>(
          `SELECT id, kind, field, waba_id, phone_number_id, summary, reason, applied, at,
             event_seq, received_at, raw
           FROM webhook_updates WHERE received_at >= ? ORDER BY received_at DESC, id DESC LIMIT ?`,
        )
        .all(ctx.since ?? 0, ctx.limit)
        .map((row) => ({
          ...row,
          applied: row.applied === 1,
          at: iso(row.at as number | null),
          received_at: iso(row.received_at as number),
        })),
  },
}
