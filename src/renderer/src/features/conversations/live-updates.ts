import type {
  ConversationPage,
  ConversationRow,
  MessagePage,
  MessageRow,
} from '@shared/contract/messaging'
import type { InfiniteData, QueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import {
  conversationKeys,
  messageKeys,
  type ConversationListFilter,
} from '../../queries/query-keys'
import {
  findByWamid,
  placeConversation,
  removeConversations,
  upsertMessages,
} from './cache-patches'

/**
 * What a push event changes in the query cache, and nothing more: the named conversation rows are
 * fetched and put where the list's order puts them; the named messages are fetched and put into
 * the thread pages that hold them. Nothing is fetched for data no screen has loaded.
 */

type ListData = InfiniteData<ConversationPage, unknown>
type ThreadData = InfiniteData<MessagePage, unknown>

/** Beyond this many conversations in one event (a catch-up batch), refetching the lists is cheaper. */
const MAX_ROW_FETCHES = 25
/** messages:get takes at most this many ids per call. */
const MAX_IDS = 500

const filterOf = (key: readonly unknown[]): ConversationListFilter =>
  (key[2] ?? {}) as ConversationListFilter

/** A row (or a detail, which is a row plus more) into every cached list and its detail. */
export function applyConversationRow(queryClient: QueryClient, row: ConversationRow): void {
  for (const [key] of queryClient.getQueriesData<ListData>({
    queryKey: conversationKeys.lists(),
  })) {
    queryClient.setQueryData<ListData>(key, (data) => placeConversation(data, row, filterOf(key)))
  }
  queryClient.setQueryData(conversationKeys.detail(row.id), (detail: object | undefined) =>
    detail ? { ...detail, ...row } : detail,
  )
}

export function dropConversations(queryClient: QueryClient, ids: readonly number[]): void {
  if (ids.length === 0) return
  queryClient.setQueriesData<ListData>({ queryKey: conversationKeys.lists() }, (data) =>
    removeConversations(data, ids),
  )
  for (const id of ids) {
    queryClient.removeQueries({ queryKey: conversationKeys.detail(id) })
    queryClient.removeQueries({ queryKey: messageKeys.thread(id) })
  }
}

/** Fetches the changed conversations and places them; many at once: the lists refetch. */
export async function refreshConversations(
  queryClient: QueryClient,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return
  const anyList = queryClient.getQueriesData({ queryKey: conversationKeys.lists() }).length > 0
  if (ids.length > MAX_ROW_FETCHES) {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: conversationKeys.lists() }),
      ...ids.map((id) => queryClient.invalidateQueries({ queryKey: conversationKeys.detail(id) })),
    ])
    return
  }
  await Promise.all(
    ids.map(async (conversationId) => {
      const cached = queryClient.getQueryData(conversationKeys.detail(conversationId))
      if (!anyList && !cached) return
      const result = await api.conversations.get({ conversationId })
      if (result.ok) {
        applyConversationRow(queryClient, result.value)
        queryClient.setQueryData(conversationKeys.detail(conversationId), result.value)
      } else if (result.error.code === 'NOT_FOUND') {
        dropConversations(queryClient, [conversationId])
      }
    }),
  )
}

const cachedThread = (queryClient: QueryClient, conversationId: number) =>
  queryClient.getQueryData<ThreadData>(messageKeys.thread(conversationId))

async function fetchMessages(ids: readonly number[]): Promise<MessageRow[]> {
  const rows: MessageRow[] = []
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    rows.push(...unwrap(await api.messages.get({ messageIds: ids.slice(i, i + MAX_IDS) })))
  }
  return rows
}

/**
 * Fetches the named messages of threads that are loaded and puts them in place. A reaction also
 * refreshes the message it reacts to (its `reactions` changed).
 */
export async function refreshMessages(
  queryClient: QueryClient,
  messages: readonly { messageId: number; conversationId: number }[],
): Promise<void> {
  const loaded = messages.filter(
    (message) => cachedThread(queryClient, message.conversationId) !== undefined,
  )
  const ids = [...new Set(loaded.map((message) => message.messageId))]
  if (ids.length === 0) return
  let rows: MessageRow[]
  try {
    rows = await fetchMessages(ids)
  } catch {
    // The rows could not be read: let those threads refetch rather than show stale bubbles.
    for (const conversationId of new Set(loaded.map((message) => message.conversationId))) {
      void queryClient.invalidateQueries({ queryKey: messageKeys.thread(conversationId) })
    }
    return
  }
  const targets = new Set<number>()
  for (const row of rows) {
    const wamid = row.reaction?.messageId
    if (!wamid) continue
    const target = findByWamid(cachedThread(queryClient, row.conversationId), wamid)
    if (target) targets.add(target.id)
  }
  for (const id of ids) targets.delete(id)
  // A reacted-to message that cannot be read now keeps its old reactions until the next event.
  if (targets.size > 0) rows.push(...(await fetchMessages([...targets]).catch(() => [])))
  putMessages(queryClient, rows)
}

/** Puts full rows into their threads (when loaded). */
export function putMessages(queryClient: QueryClient, rows: readonly MessageRow[]): void {
  const byConversation = new Map<number, MessageRow[]>()
  for (const row of rows) {
    byConversation.set(row.conversationId, [...(byConversation.get(row.conversationId) ?? []), row])
  }
  for (const [conversationId, list] of byConversation) {
    queryClient.setQueryData<ThreadData>(messageKeys.thread(conversationId), (data) =>
      upsertMessages(data, list),
    )
  }
}

/** Removes a withdrawn outbox message (cancelled: its row is gone) from its thread. */
export function dropOutboxMessage(
  queryClient: QueryClient,
  conversationId: number,
  outboxId: string,
): void {
  queryClient.setQueryData<ThreadData>(messageKeys.thread(conversationId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.filter((item) => item.outboxId !== outboxId),
          })),
        }
      : data,
  )
}
