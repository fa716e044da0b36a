import type { StatusUpdate } from '@shared/whatsapp/normalise'
import { emptyContent } from '@shared/whatsapp/normalise-content'
import { mergeStatus, type StatusState } from '@shared/whatsapp/status-rules'
import { freeEntryPointFromStatus } from '@shared/whatsapp/windows'
import { resolveContact } from './contacts'
import { raiseConversation, upsertConversation } from './conversations'
import {
  byWamid,
  changed,
  DUPLICATE,
  insertMessage,
  type Applied,
  type IngestContext,
} from './ingest-messages'
import { contentColumns, STATUS_COLUMNS, statusColumns } from './message-columns'
import { prep } from './sql'

/** A status folded in; the row's time is set only when it moves (an indexed column: see below). */
const foldStatus = (moved: boolean) =>
  `UPDATE messages SET ${STATUS_COLUMNS.map((c) => `${c} = ?`).join(', ')},
    ${moved ? 'timestamp = ?, ' : ''}updated_at = ? WHERE id = ?`
const FOLD_STATUS = foldStatus(false)
const FOLD_STATUS_MOVED = foldStatus(true)

/**
 * A status webhook, folded into the message's state (status-rules.ts: monotonic, each status's
 * time kept). A status of a message this app did not send creates its outbound row; one whose
 * `biz_opaque_callback_data` names an outbox row still waiting for its wamid completes that row
 * (a crash between Meta accepting a send and the outbox recording it).
 */
export function applyStatus(ctx: IngestContext, status: StatusUpdate): Applied {
  const { db, changes } = ctx
  let existing = byWamid(db, status.wamid)
  if (!existing && status.bizOpaqueCallbackData) {
    const pending = prep<[string], { id: number }>(
      db,
      'SELECT id FROM messages WHERE outbox_id = ? AND wamid IS NULL',
    ).get(status.bizOpaqueCallbackData)
    if (pending) {
      prep(db, 'UPDATE messages SET wamid = ? WHERE id = ?').run(status.wamid, pending.id)
      existing = byWamid(db, status.wamid)
    }
  }
  if (existing?.direction === 'in')
    return { outcome: 'set-aside', reason: 'a status for an inbound message' }
  const event = { ...status, timestampMs: status.timestampMs ?? ctx.receivedAt }
  if (!existing) {
    const phoneNumberId = status.business.phoneNumberId
    if (!phoneNumberId)
      return { outcome: 'set-aside', reason: 'the status names no business phone number' }
    const contactId = resolveContact(
      db,
      { ref: status.recipient, atMs: event.timestampMs },
      changes,
      ctx.cache,
    )
    if (contactId === null) return { outcome: 'set-aside', reason: 'the status names no recipient' }
    const conversationId = upsertConversation(
      db,
      phoneNumberId,
      status.business.displayPhoneNumber,
      contactId,
      changes,
      ctx.cache,
    )
    const id = insertMessage(ctx, {
      ...contentColumns(emptyContent('unknown', true), null, null),
      wamid: status.wamid,
      conversation_id: conversationId,
      direction: 'out',
      source: 'status',
      timestamp: event.timestampMs,
      status: 'unknown',
      raw: null,
    })
    existing = {
      id,
      conversation_id: conversationId,
      direction: 'out',
      source: 'status',
      status: 'unknown',
      status_state: null,
      timestamp: event.timestampMs,
    }
  } else if (status.recipient.waId || status.recipient.userId) {
    // Links the recipient's ids (a BSUID status naming the wa_id too) and keeps its profile.
    resolveContact(db, { ref: status.recipient, atMs: event.timestampMs }, changes, ctx.cache)
  }
  const before = existing.status_state
  const state = mergeStatus(before ? (JSON.parse(before) as StatusState) : null, event)
  const columns = statusColumns(state, existing.status)
  const fep = freeEntryPointFromStatus(status)
  if (fep !== null) raiseConversation(db, existing.conversation_id, 'free_entry_until', fep)
  if (columns.status_state === before) return DUPLICATE
  const earliest =
    existing.source === 'status'
      ? Math.min(...Object.values(state.records).map((r) => r.atMs ?? Infinity))
      : existing.timestamp
  const timestamp = Number.isFinite(earliest) ? earliest : existing.timestamp
  // Assigning `timestamp`, even its own value, rewrites the row's entries in the indexes on it.
  const moved = timestamp !== existing.timestamp
  prep(db, moved ? FOLD_STATUS_MOVED : FOLD_STATUS).run(
    ...STATUS_COLUMNS.map((n) => columns[n]),
    ...(moved ? [timestamp] : []),
    Date.now(),
    existing.id,
  )
  return changed(changes, existing, status.wamid, columns.status, moved)
}
