import { AppError } from '@shared/contract/errors'
import {
  UNASSIGNED,
  type ChannelParsedInput,
  type ConversationDetail,
  type ConversationPage,
  type ConversationRow,
  type MessagePage,
  type MessageRow,
} from '@shared/contract'
import type { Db } from '../store/database'
import {
  CONVERSATION_SELECT,
  conversationRow,
  messageRow,
  statusOf,
  type ConversationRecord,
  type MessageRecord,
} from './rows'
import { prep } from './sql'

/** Read side of messaging: the list, a conversation, a thread page, messages by id. */

const encode = (parts: (number | string)[]) =>
  Buffer.from(JSON.stringify(parts)).toString('base64url')

function decode(cursor: string, length: number): number[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(parts) &&
      parts.length === length &&
      parts.every((p) => typeof p === 'number' && Number.isFinite(p))
    )
      return parts as number[]
  } catch {
    // reported below
  }
  throw new AppError('VALIDATION', 'The page cursor is not one this console gave out.', {
    fix: 'Load the list again from its first page.',
  })
}

/** The phone number filter for a client id (or `unassigned`): a SQL condition on `c`. */
export function clientCondition(
  db: Db,
  clientId: string | undefined,
): { sql: string; params: string[] } {
  if (clientId === undefined) return { sql: '', params: [] }
  if (clientId === UNASSIGNED)
    return {
      sql: ' AND c.phone_number_id NOT IN (SELECT phone_number_id FROM clients WHERE phone_number_id IS NOT NULL)',
      params: [],
    }
  const client = prep<[string], { phone_number_id: string | null }>(
    db,
    'SELECT phone_number_id FROM clients WHERE id = ?',
  ).get(clientId)
  if (!client) throw new AppError('NOT_FOUND', `No client ${clientId}.`)
  return { sql: ' AND c.phone_number_id = ?', params: [client.phone_number_id ?? '\u0000none'] }
}

export function listConversations(
  db: Db,
  input: ChannelParsedInput<'conversations:list'>,
): ConversationPage {
  const limit = input.limit ?? 50
  const unreadFirst = input.unreadFirst === true
  const keys = unreadFirst
    ? ['c.has_unread', 'c.last_message_at', 'c.id']
    : ['c.last_message_at', 'c.id']
  const client = clientCondition(db, input.clientId)
  const params: (string | number)[] = [...client.params]
  let where = `WHERE 1 = 1${client.sql}`
  if (input.query) {
    const like = `%${input.query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    where += ` AND (k.profile_name LIKE ? ESCAPE '\\' OR k.username LIKE ? ESCAPE '\\'
      OR k.wa_id LIKE ? ESCAPE '\\' OR k.user_id LIKE ? ESCAPE '\\')`
    params.push(like, like, like, like)
  }
  if (input.cursor) {
    const after = decode(input.cursor, keys.length)
    where += ` AND (${keys.join(', ')}) < (${keys.map(() => '?').join(', ')})`
    params.push(...after)
  }
  const records = prep<(string | number)[], ConversationRecord & { has_unread: number }>(
    db,
    `${CONVERSATION_SELECT.replace('SELECT c.id,', 'SELECT c.has_unread, c.id,')} ${where}
     ORDER BY ${keys.map((k) => `${k} DESC`).join(', ')} LIMIT ?`,
  ).all(...params, limit + 1)
  const page = records.slice(0, limit)
  const last = page.at(-1)
  const nextCursor =
    records.length > limit && last
      ? encode(
          unreadFirst
            ? [last.has_unread, last.last_message_at, last.id]
            : [last.last_message_at, last.id],
        )
      : null
  return { items: page.map(conversationRow), nextCursor }
}

function conversationRecord(db: Db, id: number): ConversationRecord {
  const record = prep<[number], ConversationRecord>(
    db,
    `${CONVERSATION_SELECT} WHERE c.id = ?`,
  ).get(id)
  if (!record)
    throw new AppError('NOT_FOUND', `No conversation ${id}.`, {
      fix: 'It may have been merged into another one (the same contact): reload the list.',
    })
  return record
}

export function getConversationRow(db: Db, id: number): ConversationRow {
  return conversationRow(conversationRecord(db, id))
}

export function getConversation(db: Db, id: number): ConversationDetail {
  const record = conversationRecord(db, id)
  const aliases = prep<[number], { key: string; retired_at: number | null }>(
    db,
    'SELECT key, retired_at FROM contact_aliases WHERE contact_id = ? ORDER BY key',
  ).all(record.contact_id)
  const count = prep<[number], { n: number }>(
    db,
    'SELECT count(*) AS n FROM messages WHERE conversation_id = ?',
  ).get(id)!.n
  return {
    ...conversationRow(record),
    contactAliases: aliases.map((a) => ({
      key: a.key,
      retiredAt: a.retired_at === null ? null : new Date(a.retired_at).toISOString(),
    })),
    messageCount: count,
  }
}

const MESSAGE_SELECT = `SELECT m.*, c.read_up_to FROM messages m JOIN conversations c ON c.id = m.conversation_id`

/** Message rows with their quoted message and current reactions filled in. */
function withExtras(db: Db, records: MessageRecord[]): MessageRow[] {
  const wamids = records.map((r) => r.wamid).filter((w): w is string => w !== null)
  const reactions = new Map<string, Map<string, string | null>>()
  if (wamids.length > 0) {
    const rows = db
      .prepare<string[], { reaction_to: string; direction: string; emoji: string | null }>(
        `SELECT reaction_to, direction, emoji FROM messages
         WHERE reaction_to IN (${wamids.map(() => '?').join(', ')}) AND type = 'reaction'
         ORDER BY timestamp, id`,
      )
      .all(...wamids)
    for (const row of rows) {
      const sides = reactions.get(row.reaction_to) ?? new Map<string, string | null>()
      sides.set(row.direction, row.emoji)
      reactions.set(row.reaction_to, sides)
    }
  }
  const quotedOf = prep<[string], MessageRecord>(db, `${MESSAGE_SELECT} WHERE m.wamid = ?`)
  return records.map((record) => {
    const quoted = record.reply_to ? quotedOf.get(record.reply_to) : undefined
    const sides = record.wamid ? reactions.get(record.wamid) : undefined
    return messageRow(record, {
      quoted: quoted
        ? {
            id: quoted.id,
            wamid: quoted.wamid,
            direction: quoted.direction,
            type: quoted.type,
            text: quoted.text,
            status: statusOf(quoted.direction, quoted.status, quoted.timestamp, quoted.read_up_to),
            timestamp: new Date(quoted.timestamp).toISOString(),
          }
        : null,
      reactions: sides
        ? [...sides]
            .filter((side): side is [string, string] => side[1] !== null && side[1] !== '')
            .map(([direction, emoji]) => ({ direction: direction as 'in' | 'out', emoji }))
        : [],
    })
  })
}

export function listMessages(db: Db, input: ChannelParsedInput<'messages:list'>): MessagePage {
  conversationRecord(db, input.conversationId)
  const limit = input.limit ?? 50
  const [beforeTs, beforeId] = input.before
    ? decode(input.before, 2)
    : [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
  const records = prep<[number, number, number, number], MessageRecord>(
    db,
    `${MESSAGE_SELECT} WHERE m.conversation_id = ? AND (m.timestamp, m.id) < (?, ?)
     ORDER BY m.timestamp DESC, m.id DESC LIMIT ?`,
  ).all(input.conversationId, beforeTs!, beforeId!, limit + 1)
  const page = records.slice(0, limit)
  const oldest = page.at(-1)
  return {
    items: withExtras(db, page.reverse()),
    nextBefore: records.length > limit && oldest ? encode([oldest.timestamp, oldest.id]) : null,
  }
}

export function getMessages(db: Db, ids: readonly number[]): MessageRow[] {
  const records = db
    .prepare<number[], MessageRecord>(
      `${MESSAGE_SELECT} WHERE m.id IN (${ids.map(() => '?').join(', ')}) ORDER BY m.timestamp, m.id`,
    )
    .all(...ids)
  return withExtras(db, records)
}
