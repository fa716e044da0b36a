import type { ConversationPage, MessagePage } from '@shared/contract/messaging'
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { conversationKeys, messageKeys, type ConversationListFilter } from './query-keys'

/** Rows per page of the conversation list (the list is virtualized; pages load as it scrolls). */
export const CONVERSATION_PAGE_SIZE = 50
/** Messages per page of a thread (older pages load on scroll up). */
export const THREAD_PAGE_SIZE = 50

/**
 * The conversation list, newest activity first (unread first when asked), paged by the core's
 * keyset cursor. Push events keep it current (useMessagingEvents), so it never goes stale alone.
 */
export const conversationListQuery = (filter: ConversationListFilter) =>
  infiniteQueryOptions({
    queryKey: conversationKeys.list(filter),
    queryFn: async ({ pageParam }): Promise<ConversationPage> =>
      unwrap(
        await api.conversations.list({
          ...filter,
          limit: CONVERSATION_PAGE_SIZE,
          ...(pageParam ? { cursor: pageParam } : {}),
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
  })

/** One conversation: the row plus the contact's aliases and the message count. */
export const conversationDetailQuery = (conversationId: number) =>
  queryOptions({
    queryKey: conversationKeys.detail(conversationId),
    queryFn: async () => unwrap(await api.conversations.get({ conversationId })),
    staleTime: Number.POSITIVE_INFINITY,
  })

/**
 * A thread. Page 0 is the newest; each next page is older (`before` = the previous page's
 * `nextBefore`). Items within a page are oldest first, as the core returns them.
 */
export const threadQuery = (conversationId: number) =>
  infiniteQueryOptions({
    queryKey: messageKeys.thread(conversationId),
    queryFn: async ({ pageParam }): Promise<MessagePage> =>
      unwrap(
        await api.messages.list({
          conversationId,
          limit: THREAD_PAGE_SIZE,
          ...(pageParam ? { before: pageParam } : {}),
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: Number.POSITIVE_INFINITY,
  })

/** Full-text search over message text across clients (FTS5 in the core), best match first. */
export const messageSearchQuery = (query: string, clientId: string | undefined) =>
  queryOptions({
    queryKey: messageKeys.search(query, clientId),
    queryFn: async () =>
      unwrap(await api.messages.search({ query, limit: 100, ...(clientId ? { clientId } : {}) }))
        .hits,
  })
