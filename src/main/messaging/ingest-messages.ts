import type { MessageStatus } from '@shared/contract/messaging'
import type { InboundMessageUpdate, MessageEchoUpdate } from '@shared/whatsapp/normalise'
import { isFreeEntryPointReferral } from '@shared/whatsapp/windows'
import type { Db } from '../store/database'
import type { ChangeSet } from './changes'
import { applyIdentityChange, resolveContact } from './contacts'
import { raiseConversation, upsertConversation } from './conversations'
import type { IngestCache } from './ingest-cache'
import { CONTENT_COLUMNS, contentColumns, type ContentColumns } from './message-columns'
import { prep } from './sql'

/**
 * Where the update came from (the relay event and its receive time, the fallback for Meta's time),
 * and the contacts and conversations its batch already read (ingest-cache.ts).
 */
export interface IngestContext {
  db: Db
  changes: ChangeSet
  cache: IngestCache
  eventSeq: number | null
  receivedAt: number
}

/**
 * Meta's node for the row's `raw` column, only when no relay event holds it: `relay_events` is
 * append-only and never trimmed on the desktop, so a row from a relay event points at its node
 * through `event_seq` (rebuild.ts re-derives everything from there) instead of storing it twice.
 */
function ownCopy(ctx: IngestContext, node: unknown): string | null {
  return ctx.eventSeq === null ? JSON.stringify(node) : null
}

export interface ExistingMessage {
  id: number
  conversation_id: number
  direction: 'in' | 'out'
  source: 'webhook' | 'echo' | 'status' | 'outbox'
  status: string
  status_state: string | null
  timestamp: number
}

/** The outcome of one update: applied, a repeat of what is stored, or why it was set aside. */
export type Applied =
  { outcome: 'applied' | 'duplicate' } | { outcome: 'set-aside'; reason: string }

const APPLIED: Applied = { outcome: 'applied' }
export const DUPLICATE: Applied = { outcome: 'duplicate' }

/**
 * An outbound row changed or added: renderers refresh the bubble. Its conversation's aggregates
 * are recomputed when the row moved in time (`moved`); a status alone changes nothing they read
 * (conversations.ts), and an added row was given to them by insertMessage.
 */
export function changed(
  changes: ChangeSet,
  row: Pick<ExistingMessage, 'id' | 'conversation_id'>,
  wamid: string,
  status: string,
  moved: boolean,
): Applied {
  if (moved) changes.touch(row.conversation_id)
  else changes.noted(row.conversation_id)
  changes.statusChanged({
    messageId: row.id,
    conversationId: row.conversation_id,
    wamid,
    status: status as MessageStatus,
  })
  return APPLIED
}

export const byWamid = (db: Db, wamid: string) =>
  prep<[string], ExistingMessage>(
    db,
    `SELECT id, conversation_id, direction, source, status, status_state, timestamp
       FROM messages WHERE wamid = ?`,
  ).get(wamid)

const INSERTED = [
  ...CONTENT_COLUMNS,
  'wamid',
  'conversation_id',
  'direction',
  'source',
  'timestamp',
  'status',
  'raw',
] as const
// Built once: prep looks statements up by their text (sql.ts).
const INSERT_MESSAGE = `INSERT INTO messages (${INSERTED.join(', ')}, event_seq, created_at, updated_at)
  VALUES (${INSERTED.map(() => '?').join(', ')}, ?, ?, ?)`
const COMPLETE_FROM_ECHO = `UPDATE messages SET ${CONTENT_COLUMNS.map((c) => `${c} = ?`).join(', ')},
  source = 'echo', timestamp = ?, raw = ?, updated_at = ? WHERE id = ?`

export function insertMessage(
  ctx: IngestContext,
  row: ContentColumns & {
    wamid: string
    conversation_id: number
    direction: 'in' | 'out'
    source: 'webhook' | 'echo' | 'status'
    timestamp: number
    status: string
    raw: string | null
  },
): number {
  const now = Date.now()
  const result = prep(ctx.db, INSERT_MESSAGE).run(
    ...INSERTED.map((column) => row[column]),
    ctx.eventSeq,
    now,
    now,
  )
  const id = Number(result.lastInsertRowid)
  ctx.changes.added(row.conversation_id, {
    id,
    timestamp: row.timestamp,
    direction: row.direction,
    type: row.type,
  })
  return id
}

/** A customer's message: its contact (linked by every id it names), conversation and row. */
export function applyInbound(ctx: IngestContext, message: InboundMessageUpdate): Applied {
  const { db, changes } = ctx
  const phoneNumberId = message.business.phoneNumberId
  if (!phoneNumberId)
    return { outcome: 'set-aside', reason: 'the message names no business phone number' }
  if (byWamid(db, message.wamid)) return DUPLICATE
  const atMs = message.timestampMs ?? ctx.receivedAt
  const contactId =
    applyIdentityChange(db, message, atMs, changes, ctx.cache) ??
    resolveContact(db, { ref: message.from, atMs }, changes, ctx.cache)
  if (contactId === null) return { outcome: 'set-aside', reason: 'the message names no sender' }
  const conversationId = upsertConversation(
    db,
    phoneNumberId,
    message.business.displayPhoneNumber,
    contactId,
    changes,
    ctx.cache,
  )
  const errors = message.errors[0] ?? null
  const columns = contentColumns(message, message.context, message.referral, {
    ...(message.errors.length > 0 ? { errors: message.errors } : {}),
    ...(message.groupId ? { groupId: message.groupId } : {}),
    ...(message.identity ? { identity: message.identity } : {}),
  })
  const id = insertMessage(ctx, {
    ...columns,
    wamid: message.wamid,
    conversation_id: conversationId,
    direction: 'in',
    source: 'webhook',
    timestamp: atMs,
    status: 'received',
    raw: ownCopy(ctx, message.raw),
  })
  if (errors) {
    prep(
      db,
      'UPDATE messages SET error_code = ?, error_title = ?, error_message = ?, error_details = ? WHERE id = ?',
    ).run(errors.code, errors.title, errors.message, errors.details, id)
  }
  if (isFreeEntryPointReferral(message.referral)) {
    raiseConversation(db, conversationId, 'referral_at', atMs)
    changes.touch(conversationId)
  }
  changes.received({
    messageId: id,
    conversationId,
    type: message.type,
    text: message.text,
    timestamp: new Date(atMs).toISOString(),
  })
  return APPLIED
}

/**
 * A message the client sent from the WhatsApp Business app (smb_message_echoes): an outbound row,
 * or the content of a row a status created before the echo arrived.
 */
export function applyEcho(ctx: IngestContext, echo: MessageEchoUpdate): Applied {
  const { db, changes } = ctx
  const phoneNumberId = echo.business.phoneNumberId
  if (!phoneNumberId)
    return { outcome: 'set-aside', reason: 'the echo names no business phone number' }
  const atMs = echo.timestampMs ?? ctx.receivedAt
  const columns = contentColumns(echo, echo.context, null)
  const existing = byWamid(db, echo.wamid)
  if (existing) {
    if (existing.source !== 'status') return DUPLICATE
    prep(db, COMPLETE_FROM_ECHO).run(
      ...CONTENT_COLUMNS.map((c) => columns[c]),
      atMs,
      ownCopy(ctx, echo.raw),
      Date.now(),
      existing.id,
    )
    return changed(changes, existing, echo.wamid, existing.status, true)
  }
  const contactId = resolveContact(db, { ref: echo.to, atMs }, changes, ctx.cache)
  if (contactId === null) return { outcome: 'set-aside', reason: 'the echo names no recipient' }
  const conversationId = upsertConversation(
    db,
    phoneNumberId,
    echo.business.displayPhoneNumber,
    contactId,
    changes,
    ctx.cache,
  )
  const id = insertMessage(ctx, {
    ...columns,
    wamid: echo.wamid,
    conversation_id: conversationId,
    direction: 'out',
    source: 'echo',
    timestamp: atMs,
    status: 'accepted',
    raw: ownCopy(ctx, echo.raw),
  })
  return changed(changes, { id, conversation_id: conversationId }, echo.wamid, 'accepted', false)
}
