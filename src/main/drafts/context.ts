import type { MessagePreview } from '@shared/contract/messaging'
import type { ConversationTurn } from '../ai/provider'
import { prep } from '../messaging/sql'
import { statusOf } from '../messaging/rows'
import type { Db } from '../store/database'

/** The inbound message a draft answers, as the pipeline reads it. */
export interface InboundMessage {
  id: number
  wamid: string
  conversation_id: number
  type: string
  text: string | null
  timestamp: number
  /** The client owning the conversation's number now (null: unassigned). */
  client_id: string | null
  client_name: string | null
  client_state: string | null
  last_inbound_at: number | null
}

export function inboundMessage(db: Db, messageId: number): InboundMessage | undefined {
  return prep<[number], InboundMessage>(
    db,
    `SELECT m.id, m.wamid, m.conversation_id, m.type, m.text, m.timestamp, cl.id AS client_id,
       cl.name AS client_name, cl.state AS client_state, c.last_inbound_at
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     LEFT JOIN clients cl ON cl.id = (SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
       ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1)
     WHERE m.id = ? AND m.direction = 'in' AND m.wamid IS NOT NULL`,
  ).get(messageId)
}

export function inboundByWamid(db: Db, wamid: string): InboundMessage | undefined {
  const row = prep<[string], { id: number }>(db, 'SELECT id FROM messages WHERE wamid = ?').get(
    wamid,
  )
  return row ? inboundMessage(db, row.id) : undefined
}

interface TurnRow {
  id: number
  direction: 'in' | 'out'
  type: string
  text: string | null
  status: string
  timestamp: number
  wamid: string | null
}

const TURN_COLUMNS = 'id, direction, type, text, status, timestamp, wamid'
const SKIPPED = "type NOT IN ('reaction', 'system')"

/** The messages before the inbound one, oldest first: what a provider reads as the conversation. */
export function turnsBefore(db: Db, inbound: InboundMessage, limit = 12): ConversationTurn[] {
  return prep<[number, number, number, number, number], TurnRow>(
    db,
    `SELECT ${TURN_COLUMNS} FROM messages WHERE conversation_id = ? AND ${SKIPPED}
       AND (timestamp < ? OR (timestamp = ? AND id < ?)) ORDER BY timestamp DESC, id DESC LIMIT ?`,
  )
    .all(inbound.conversation_id, inbound.timestamp, inbound.timestamp, inbound.id, limit)
    .reverse()
    .filter((row) => row.text)
    .map((row) => ({
      direction: row.direction,
      text: row.text!,
      at: new Date(row.timestamp).toISOString(),
    }))
}

/** The conversation around the inbound message (a few before, the message, a few after). */
export function contextAround(
  db: Db,
  inbound: { id: number; conversation_id: number; timestamp: number },
  before = 6,
  after = 6,
): (MessagePreview & { wamid: string | null })[] {
  const readUpTo =
    prep<[number], { read_up_to: number | null }>(
      db,
      'SELECT read_up_to FROM conversations WHERE id = ?',
    ).get(inbound.conversation_id)?.read_up_to ?? null
  const earlier = prep<[number, number, number, number, number], TurnRow>(
    db,
    `SELECT ${TURN_COLUMNS} FROM messages WHERE conversation_id = ? AND ${SKIPPED}
       AND (timestamp < ? OR (timestamp = ? AND id < ?)) ORDER BY timestamp DESC, id DESC LIMIT ?`,
  )
    .all(inbound.conversation_id, inbound.timestamp, inbound.timestamp, inbound.id, before)
    .reverse()
  const later = prep<[number, number, number, number, number], TurnRow>(
    db,
    `SELECT ${TURN_COLUMNS} FROM messages WHERE conversation_id = ? AND ${SKIPPED}
       AND (timestamp > ? OR (timestamp = ? AND id >= ?)) ORDER BY timestamp, id LIMIT ?`,
  ).all(inbound.conversation_id, inbound.timestamp, inbound.timestamp, inbound.id, after + 1)
  return [...earlier, ...later].map((row) => ({
    id: row.id,
    direction: row.direction,
    type: row.type,
    text: row.text,
    status: statusOf(row.direction, row.status, row.timestamp, readUpTo),
    timestamp: new Date(row.timestamp).toISOString(),
    wamid: row.wamid,
  }))
}
