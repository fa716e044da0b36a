import type { ConversationPage, MessagePage } from '@shared/contract/messaging'
import type { InfiniteData } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { contact, conversationRow, messageRow } from '../../test-support/messaging-fixtures'
import {
  matchesFilter,
  patchMessageStatuses,
  placeConversation,
  removeConversations,
  threadMessages,
  upsertMessages,
} from './cache-patches'

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString()

const row = (id: number, minute: number, unreadCount = 0, clientId: string | null = 'c-1') =>
  conversationRow({
    id,
    clientId,
    contact: contact(id, `Contact ${id}`),
    lastMessageAt: at(minute),
    unreadCount,
  })

function list(
  pages: { ids: [number, number, number?][]; next: string | null }[],
): InfiniteData<ConversationPage, unknown> {
  return {
    pages: pages.map(({ ids, next }) => ({
      items: ids.map(([id, minute, unread]) => row(id, minute, unread ?? 0)),
      nextCursor: next,
    })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `cursor-${i}`)),
  }
}

const ids = (data: InfiniteData<ConversationPage, unknown> | undefined) =>
  data?.pages.map((page) => page.items.map((item) => item.id))

describe('placing a changed conversation in a cached list', () => {
  const cached = list([
    {
      ids: [
        [1, 50],
        [2, 40],
      ],
      next: 'c1',
    },
    {
      ids: [
        [3, 30],
        [4, 20],
      ],
      next: 'c2',
    },
  ])

  it('moves a conversation with a new message to the top', () => {
    expect(ids(placeConversation(cached, row(4, 55), {}))).toEqual([[4, 1, 2], [3]])
  })

  it('inserts a conversation not loaded yet where it sorts', () => {
    expect(ids(placeConversation(cached, row(9, 35), {}))).toEqual([
      [1, 2],
      [9, 3, 4],
    ])
  })

  it('leaves a row that sorts after the loaded ones for the next page', () => {
    expect(ids(placeConversation(cached, row(2, 5), {}))).toEqual([[1], [3, 4]])
    const complete = list([{ ids: [[1, 50]], next: null }])
    expect(ids(placeConversation(complete, row(2, 5), {}))).toEqual([[1, 2]])
  })

  it('puts unread conversations first when the list asks for it', () => {
    const unreadFirst = list([
      {
        ids: [
          [1, 10, 2],
          [2, 50],
        ],
        next: null,
      },
    ])
    expect(ids(placeConversation(unreadFirst, row(3, 5, 1), { unreadFirst: true }))).toEqual([
      [1, 3, 2],
    ])
    // Read now: back among the read ones, by time.
    expect(ids(placeConversation(unreadFirst, row(1, 10, 0), { unreadFirst: true }))).toEqual([
      [2, 1],
    ])
  })

  it('drops a row that no longer matches the filter and skips one that never did', () => {
    expect(ids(placeConversation(cached, row(9, 59, 0, null), { clientId: 'c-1' }))).toEqual(
      ids(cached),
    )
    expect(ids(placeConversation(cached, row(9, 59, 0, null), { clientId: 'unassigned' }))).toEqual(
      [
        [9, 1, 2],
        [3, 4],
      ],
    )
    expect(ids(placeConversation(cached, row(9, 59), { query: 'contact 9' }))?.[0]?.[0]).toBe(9)
    expect(ids(placeConversation(cached, row(9, 59), { query: 'someone else' }))).toEqual(
      ids(cached),
    )
  })

  it('removes merged conversations', () => {
    expect(ids(removeConversations(cached, [2, 3]))).toEqual([[1], [4]])
  })
})

describe('matching the filter', () => {
  it('matches the contact by name, username, number or BSUID, ignoring case', () => {
    const sheena = conversationRow({
      contact: {
        ...contact(1, 'Sheena'),
        username: '@sheena.n',
        waId: '16505551234',
        userId: 'US.13491208655302741918',
      },
    })
    for (const query of ['SHEENA', 'sheena.n', '555123', 'US.1349'])
      expect(matchesFilter(sheena, { query })).toBe(true)
    expect(matchesFilter(sheena, { query: 'pedro' })).toBe(false)
  })
})

function thread(pages: { ids: [number, number][]; before: string | null }[]) {
  const data: InfiniteData<MessagePage, unknown> = {
    pages: pages.map(({ ids, before }) => ({
      items: ids.map(([id, minute]) => messageRow({ id, timestamp: at(minute) })),
      nextBefore: before,
    })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `before-${i}`)),
  }
  return data
}

const messageIds = (data: InfiniteData<MessagePage, unknown> | undefined) =>
  threadMessages(data).map((message) => message.id)

describe('putting messages into a cached thread', () => {
  // Page 0 is the newest page; items oldest first.
  const cached = thread([
    {
      ids: [
        [30, 30],
        [40, 40],
      ],
      before: 'b1',
    },
    {
      ids: [
        [10, 10],
        [20, 20],
      ],
      before: 'b2',
    },
  ])

  it('appends a new message to the newest page', () => {
    const next = upsertMessages(cached, [messageRow({ id: 50, timestamp: at(50) })])
    expect(messageIds(next)).toEqual([10, 20, 30, 40, 50])
    expect(next?.pages[0]?.items.map((m) => m.id)).toEqual([30, 40, 50])
  })

  it('replaces a loaded message in place and sorts one that arrived late into its page', () => {
    const next = upsertMessages(cached, [
      messageRow({ id: 20, timestamp: at(20), status: 'read', direction: 'out' }),
      messageRow({ id: 15, timestamp: at(15) }),
    ])
    expect(messageIds(next)).toEqual([10, 15, 20, 30, 40])
    expect(threadMessages(next).find((m) => m.id === 20)?.status).toBe('read')
  })

  it('leaves a message older than everything loaded for the older pages', () => {
    expect(messageIds(upsertMessages(cached, [messageRow({ id: 5, timestamp: at(5) })]))).toEqual([
      10, 20, 30, 40,
    ])
  })

  it('patches statuses from the push event without touching other rows', () => {
    const next = patchMessageStatuses(cached, [
      { messageId: 40, wamid: 'wamid.40', status: 'delivered' },
    ])
    expect(threadMessages(next).map((m) => m.status)).toEqual([
      'received',
      'received',
      'received',
      'delivered',
    ])
  })
})
