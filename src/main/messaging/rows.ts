import type {
  Contact,
  ConversationRow,
  MessagePreview,
  MessageRow,
  MessageStatus,
} from '@shared/contract/messaging'
import { windowEndsAt } from '@shared/whatsapp/windows'
import type { ContentColumns } from './message-columns'

/** Columns of a conversation joined with its contact, client and last message (queries.ts). */
export interface ConversationRecord {
  id: number
  phone_number_id: string
  display_phone_number: string | null
  unread_count: number
  read_up_to: number | null
  last_message_at: number
  last_inbound_at: number | null
  free_entry_until: number | null
  free_entry_predicted_until: number | null
  contact_id: number
  wa_id: string | null
  user_id: string | null
  profile_name: string | null
  username: string | null
  client_id: string | null
  client_name: string | null
  client_display_phone_number: string | null
  lm_id: number | null
  lm_direction: 'in' | 'out' | null
  lm_type: string | null
  lm_text: string | null
  lm_status: string | null
  lm_timestamp: number | null
}

/** The SELECT list and joins that produce a ConversationRecord for `conversations c`. */
export const CONVERSATION_SELECT = `
  SELECT c.id, c.phone_number_id, c.display_phone_number, c.unread_count, c.read_up_to,
    c.last_message_at, c.last_inbound_at, c.free_entry_until, c.free_entry_predicted_until,
    c.contact_id, k.wa_id, k.user_id, k.profile_name, k.username,
    cl.id AS client_id, cl.name AS client_name, cl.display_phone_number AS client_display_phone_number,
    m.id AS lm_id, m.direction AS lm_direction, m.type AS lm_type, m.text AS lm_text,
    m.status AS lm_status, m.timestamp AS lm_timestamp
  FROM conversations c
  JOIN contacts k ON k.id = c.contact_id
  LEFT JOIN clients cl ON cl.id = (
    SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
    ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1)
  LEFT JOIN messages m ON m.id = c.last_message_id`

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())
const isoOf = (ms: number): string => new Date(ms).toISOString()

export function displayName(contact: {
  profile_name: string | null
  username: string | null
  wa_id: string | null
  user_id: string | null
}): string {
  return (
    contact.profile_name ??
    contact.username ??
    (contact.wa_id ? `+${contact.wa_id}` : null) ??
    contact.user_id ??
    'Unknown contact'
  )
}

export function contactOf(record: ConversationRecord): Contact {
  return {
    id: record.contact_id,
    waId: record.wa_id,
    userId: record.user_id,
    profileName: record.profile_name,
    username: record.username,
    displayName: displayName(record),
  }
}

/** An inbound message is read once the conversation was read past it. */
export function statusOf(
  direction: 'in' | 'out',
  stored: string,
  timestamp: number,
  readUpTo: number | null,
): MessageStatus {
  if (direction === 'in') return readUpTo !== null && timestamp <= readUpTo ? 'read' : 'received'
  return stored as MessageStatus
}

export function conversationRow(record: ConversationRecord): ConversationRow {
  const lastMessage: MessagePreview | null =
    record.lm_id === null
      ? null
      : {
          id: record.lm_id,
          direction: record.lm_direction!,
          type: record.lm_type!,
          text: record.lm_text,
          status: statusOf(
            record.lm_direction!,
            record.lm_status!,
            record.lm_timestamp!,
            record.read_up_to,
          ),
          timestamp: isoOf(record.lm_timestamp!),
        }
  return {
    id: record.id,
    clientId: record.client_id,
    clientName: record.client_name,
    phoneNumberId: record.phone_number_id,
    displayPhoneNumber: record.client_display_phone_number ?? record.display_phone_number,
    contact: contactOf(record),
    unreadCount: record.unread_count,
    lastMessage,
    lastMessageAt: lastMessage ? lastMessage.timestamp : null,
    lastInboundAt: iso(record.last_inbound_at),
    windowEndsAt: iso(windowEndsAt(record.last_inbound_at)),
    freeEntryEndsAt: iso(record.free_entry_until ?? record.free_entry_predicted_until),
  }
}

/** A `messages` row as stored (SELECT m.*), plus the conversation's read mark. */
export interface MessageRecord extends Omit<ContentColumns, 'forwarded'> {
  id: number
  wamid: string | null
  conversation_id: number
  direction: 'in' | 'out'
  source: MessageRow['source']
  forwarded: number
  timestamp: number
  status: string
  sent_at: number | null
  delivered_at: number | null
  read_at: number | null
  played_at: number | null
  failed_at: number | null
  error_code: number | null
  error_title: string | null
  error_message: string | null
  error_details: string | null
  failure_superseded: number
  outbox_id: string | null
  read_up_to: number | null
}

const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker'])

export function messageRow(
  record: MessageRecord,
  extra: Pick<MessageRow, 'quoted' | 'reactions'>,
): MessageRow {
  const details = JSON.parse(record.details) as Record<string, unknown>
  const times: MessageRow['statusTimes'] = {}
  for (const status of ['sent', 'delivered', 'read', 'played', 'failed'] as const) {
    const at = record[`${status}_at`]
    if (at !== null) times[status] = isoOf(at)
  }
  const hasMedia = MEDIA_TYPES.has(record.type) || record.media_id !== null
  const location = details.location as MessageRow['location'] | undefined
  return {
    id: record.id,
    wamid: record.wamid,
    conversationId: record.conversation_id,
    direction: record.direction,
    source: record.source,
    type: record.type,
    text: record.text,
    timestamp: isoOf(record.timestamp),
    status: statusOf(record.direction, record.status, record.timestamp, record.read_up_to),
    statusTimes: times,
    error:
      record.error_code === null && record.error_title === null
        ? null
        : {
            code: record.error_code,
            title: record.error_title,
            message: record.error_message,
            details: record.error_details,
          },
    failureSuperseded: record.failure_superseded === 1,
    media: hasMedia
      ? {
          id: record.media_id,
          url: record.media_url,
          mimeType: record.mime_type,
          sha256: record.media_sha256,
          filename: record.media_filename,
          voice: (details.voice as boolean | undefined) ?? null,
          animated: (details.animated as boolean | undefined) ?? null,
        }
      : null,
    location: location ?? null,
    reaction:
      record.type === 'reaction' ? { messageId: record.reaction_to, emoji: record.emoji } : null,
    replyTo: record.reply_to,
    forwarded: record.forwarded === 1,
    details,
    outboxId: record.outbox_id,
    ...extra,
  }
}
