import { AppError } from '@shared/contract/errors'
import type { OutboxEntry } from '@shared/contract/outbox'
import { DEFAULT_MPS } from '@shared/whatsapp/rate-model'
import type { CoreEvents } from '../core-events'
import type { GraphApi } from '../graph'
import type { SendLimiter } from '../graph/rate-limiters'
import { getConversationRow, getMessages } from '../messaging/queries'
import { markConversationRead } from '../messaging/service'
import { recomputeConversation } from '../messaging/conversations'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'
import { enqueue } from './enqueue'
import type { Recorded } from './record'
import {
  listOutbox,
  outboxById,
  outboxByMessage,
  outboxEntry,
  saveThroughput,
  setState,
  throughputs,
} from './repo'
import { requireSendable, senderByNumber } from './sender'
import type { OutboxApi } from './services'
import type { OutboxWorker } from './worker'

export interface OutboxServiceDeps {
  db: Db
  events: Pick<CoreEvents, 'emit'>
  /** For read receipts (idempotent: the Graph client's own retries apply). */
  graph: Pick<GraphApi, 'messages'>
  limiter: SendLimiter
  worker: Pick<OutboxWorker, 'kick'>
  now: () => number
}

/** Pushes what the outbox changed: its rows, the message rows, the conversations. */
export function publishRecorded(events: Pick<CoreEvents, 'emit'>, out: Recorded): void {
  if (out.outbox.length > 0) events.emit('outbox:changed', { items: out.outbox })
  if (out.statuses.length > 0) events.emit('messages:status-changed', { messages: out.statuses })
  if (out.conversationIds.size > 0)
    events.emit('conversations:changed', {
      conversationIds: [...out.conversationIds],
      removed: [],
    })
}

const itemOf = (e: OutboxEntry) => ({
  outboxId: e.outboxId,
  messageId: e.messageId,
  conversationId: e.conversationId,
  state: e.state,
  error: e.error,
})

function entryForMessage(db: Db, messageId: number) {
  const row = outboxByMessage(db, messageId)
  if (!row)
    throw new AppError('NOT_FOUND', `Message ${messageId} was not sent from this app's outbox.`)
  return row
}

/** The outbox as the handlers see it (the worker sends; this queues, retries, cancels). */
export function createOutboxService(deps: OutboxServiceDeps): OutboxApi {
  const { db, events } = deps
  const publishOne = (entry: OutboxEntry, messageChanged: boolean) =>
    publishRecorded(events, {
      outbox: [itemOf(entry)],
      statuses:
        messageChanged && entry.messageId !== null
          ? [
              {
                messageId: entry.messageId,
                conversationId: entry.conversationId,
                wamid: null,
                status: 'pending',
              },
            ]
          : [],
      conversationIds: new Set([entry.conversationId]),
    })

  return {
    async send(input, origin) {
      const { record, duplicate, changes } = enqueue(db, input, deps.now(), origin)
      const entry = outboxEntry(record)
      if (!duplicate) {
        publishRecorded(events, {
          outbox: [itemOf(entry)],
          statuses: changes.statusChanged,
          conversationIds: new Set(changes.conversationIds),
        })
        deps.worker.kick()
      }
      return {
        message:
          record.message_id === null ? null : (getMessages(db, [record.message_id])[0] ?? null),
        outbox: entry,
        duplicate,
      }
    },

    async markRead(conversationId) {
      const conversation = getConversationRow(db, conversationId)
      const newest = prep<[number], { wamid: string }>(
        db,
        `SELECT wamid FROM messages WHERE conversation_id = ? AND direction = 'in'
           AND wamid IS NOT NULL AND type <> 'system' ORDER BY timestamp DESC, id DESC LIMIT 1`,
      ).get(conversationId)
      if (newest) {
        const sender = requireSendable(senderByNumber(db, conversation.phoneNumberId))
        // https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read
        await deps.graph.messages.markRead(sender.wabaId, sender.phoneNumberId, newest.wamid)
      }
      markConversationRead(db, conversationId)
      events.emit('conversations:changed', { conversationIds: [conversationId], removed: [] })
      return {
        conversation: getConversationRow(db, conversationId),
        receiptFor: newest?.wamid ?? null,
      }
    },

    retry(messageId) {
      const row = entryForMessage(db, messageId)
      if (row.state === 'queued') return outboxEntry(row)
      if (row.state !== 'failed')
        throw new AppError(
          'CONFLICT',
          `This message is ${row.state}: only a failed one can be retried.`,
        )
      requireSendable(senderByNumber(db, row.phone_number_id))
      const now = deps.now()
      db.transaction(() => {
        setState(
          db,
          row.id,
          ['failed'],
          { state: 'queued', attempts: 0, next_attempt_at: now, unconfirmed: 0, error: null },
          now,
        )
        prep(
          db,
          `UPDATE messages SET status = 'pending', failed_at = NULL, error_code = NULL,
               error_title = NULL, error_message = NULL, error_details = NULL, updated_at = ?
             WHERE id = ? AND wamid IS NULL AND status_state IS NULL`,
        ).run(now, messageId)
      }).immediate()
      const entry = outboxEntry(outboxById(db, row.id)!)
      publishOne(entry, true)
      deps.worker.kick()
      return entry
    },

    cancel(messageId) {
      const row = entryForMessage(db, messageId)
      if (row.state !== 'queued' && row.state !== 'failed')
        throw new AppError(
          'CONFLICT',
          row.state === 'sending'
            ? 'This message is being handed to Meta: it can no longer be withdrawn.'
            : `This message is ${row.state}: it can no longer be withdrawn.`,
        )
      const now = deps.now()
      const cancelled = db
        .transaction(() => {
          if (!setState(db, row.id, [row.state], { state: 'cancelled', message_id: null }, now))
            return false
          prep(db, 'DELETE FROM messages WHERE id = ? AND wamid IS NULL').run(messageId)
          recomputeConversation(db, row.conversation_id)
          return true
        })
        .immediate()
      if (!cancelled)
        throw new AppError('CONFLICT', 'This message changed state meanwhile; look again.')
      const entry = { ...outboxEntry(outboxById(db, row.id)!), messageId }
      publishOne(entry, false)
      return entry
    },

    list(input) {
      return { items: listOutbox(db, input).map(outboxEntry) }
    },

    settings() {
      return {
        defaultMps: DEFAULT_MPS,
        numbers: throughputs(db).map((t) => ({ phoneNumberId: t.phone_number_id, mps: t.mps })),
      }
    },

    setThroughput(phoneNumberId, mps) {
      saveThroughput(db, phoneNumberId, mps)
      deps.limiter.setThroughput(phoneNumberId, mps)
      deps.worker.kick()
      return { phoneNumberId, mps }
    },
  }
}
