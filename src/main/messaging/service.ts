import type {
  ChannelOutput,
  ChannelParsedInput,
  ConversationDetail,
  ConversationPage,
  ConversationRow,
  MessagePage,
  MessageRow,
} from '@shared/contract'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import type { RelayEventSink } from '../store/relay-events-repo'
import { createChangeSet, type ChangeSet, type PendingChanges } from './changes'
import { raiseConversation, recomputeConversation } from './conversations'
import { createIngestor, type Ingestor } from './ingest'
import { MESSAGING_APPLIERS, type ManagementApplier } from './ingest-updates'
import {
  getConversation,
  getConversationRow,
  getMessages,
  listConversations,
  listMessages,
} from './queries'
import { displayName } from './rows'
import { listUnassigned, searchMessages } from './search'
import { prep } from './sql'

/** The messaging domain as handlers, the tunnel and the core see it. */
export interface MessagingService {
  /** Given to the tunnel's store: applies relay events inside its transaction, pushes after commit. */
  sink: RelayEventSink
  listConversations(input: ChannelParsedInput<'conversations:list'>): ConversationPage
  getConversation(id: number): ConversationDetail
  markRead(id: number): ConversationRow
  listMessages(input: ChannelParsedInput<'messages:list'>): MessagePage
  getMessages(ids: readonly number[]): MessageRow[]
  search(input: ChannelParsedInput<'messages:search'>): ChannelOutput<'messages:search'>
  unassigned(limit: number): ChannelOutput<'messaging:unassigned'>
}

export interface MessagingDeps {
  db: Db
  events: Pick<CoreEvents, 'emit'>
  log: Logger
  /** Management updates applied to other domains' rows (the outbox's templates, …). */
  appliers?: readonly ManagementApplier[]
}

interface ReceivedWhere {
  id: number
  conversation_id: number
  profile_name: string | null
  username: string | null
  wa_id: string | null
  user_id: string | null
  client_id: string | null
}

/** Rows by id, read in one statement for the whole transaction (`ids` as a JSON array). */
function byId<R extends { id: number }>(db: Db, sql: string, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, R>()
  const rows = prep<[string], R>(db, sql).all(JSON.stringify(ids))
  return new Map(rows.map((row) => [row.id, row]))
}

/** Pushes what a committed transaction changed, with the ids renderers invalidate. */
export function publishChanges(db: Db, events: Pick<CoreEvents, 'emit'>, pending: PendingChanges) {
  // Re-read where each message is now: a merge in the same batch may have moved it.
  const receivedAt = byId<ReceivedWhere>(
    db,
    `SELECT m.id, m.conversation_id, k.profile_name, k.username, k.wa_id, k.user_id,
       (SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
        ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1) AS client_id
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id WHERE m.id IN (SELECT value FROM json_each(?))`,
    pending.received.map((message) => message.messageId),
  )
  const statusAt = byId<{ id: number; conversation_id: number }>(
    db,
    'SELECT id, conversation_id FROM messages WHERE id IN (SELECT value FROM json_each(?))',
    pending.statusChanged.map((message) => message.messageId),
  )
  const received = pending.received.flatMap((message) => {
    const at = receivedAt.get(message.messageId)
    return at
      ? [
          {
            ...message,
            conversationId: at.conversation_id,
            clientId: at.client_id,
            contactName: displayName(at),
          },
        ]
      : []
  })
  const statuses = pending.statusChanged.flatMap((message) => {
    const at = statusAt.get(message.messageId)
    return at ? [{ ...message, conversationId: at.conversation_id }] : []
  })
  if (received.length > 0) events.emit('messages:received', { messages: received })
  if (statuses.length > 0) events.emit('messages:status-changed', { messages: statuses })
  if (pending.conversationIds.length > 0 || pending.removed.length > 0)
    events.emit('conversations:changed', {
      conversationIds: pending.conversationIds,
      removed: pending.removed,
    })
}

/** The sink the tunnel's store calls: one change set per transaction. */
export function createRelaySink(
  db: Db,
  ingestor: Ingestor,
  events: Pick<CoreEvents, 'emit'>,
): RelayEventSink {
  let changes: ChangeSet = createChangeSet()
  return {
    applyBatch: (recorded) => ingestor.applyBatch(recorded, changes),
    committed() {
      const pending = changes.take()
      publishChanges(db, events, pending)
    },
    rolledBack() {
      changes = createChangeSet()
    },
  }
}

/** Everything up to the conversation's newest message is read: the unread count drops to 0. */
export function markConversationRead(db: Db, id: number): void {
  const last = prep<[number], { last_message_at: number }>(
    db,
    'SELECT last_message_at FROM conversations WHERE id = ?',
  ).get(id)
  if (!last) return
  db.transaction(() => {
    raiseConversation(db, id, 'read_up_to', last.last_message_at)
    recomputeConversation(db, id)
  }).immediate()
}

export function createMessagingService(deps: MessagingDeps): MessagingService {
  const { db, events } = deps
  const ingestor = createIngestor({
    db,
    log: deps.log,
    appliers: [...MESSAGING_APPLIERS, ...(deps.appliers ?? [])],
  })
  return {
    sink: createRelaySink(db, ingestor, events),
    listConversations: (input) => listConversations(db, input),
    getConversation: (id) => getConversation(db, id),
    markRead(id) {
      getConversationRow(db, id)
      markConversationRead(db, id)
      events.emit('conversations:changed', { conversationIds: [id], removed: [] })
      return getConversationRow(db, id)
    },
    listMessages: (input) => listMessages(db, input),
    getMessages: (ids) => getMessages(db, ids),
    search: (input) => searchMessages(db, input),
    unassigned: (limit) => listUnassigned(db, limit),
  }
}
