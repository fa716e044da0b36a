import type { MessageRow } from '@shared/contract/messaging'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { threadQuery } from '../../queries/conversations-queries'
import { threadMessages } from './cache-patches'
import { useConversationsUi } from './conversations-store'
import { formatDay } from './format'
import { MessageBubble, type BubbleContext } from './MessageBubble'
import { useVirtualRows } from './useVirtualRows'
import { VirtualRows } from './VirtualRows'

type ThreadItem =
  | { kind: 'day' | 'start'; key: string; label: string }
  | { kind: 'message'; key: string; message: MessageRow }

/** Start loading older messages when the top is this many rows away. */
const LOAD_OLDER_AT = 3

/**
 * Messages with a day separator before each new day. A reaction whose target is loaded is shown
 * on that bubble (the target's `reactions`), not as a bubble of its own.
 */
export function threadItems(messages: readonly MessageRow[], complete: boolean): ThreadItem[] {
  const wamids = new Set(messages.map((message) => message.wamid).filter(Boolean))
  const items: ThreadItem[] = complete
    ? [{ kind: 'start', key: 'start', label: 'Start of the conversation in this console' }]
    : []
  let day = ''
  for (const message of messages) {
    if (message.reaction?.messageId && wamids.has(message.reaction.messageId)) continue
    const label = formatDay(message.timestamp)
    if (label !== day) {
      day = label
      items.push({ kind: 'day', key: `d${message.id}`, label })
    }
    items.push({ kind: 'message', key: `m${message.id}`, message })
  }
  return items
}

/**
 * A thread as a virtualized list anchored at its end: it opens at the newest message, follows
 * new ones while the agent is at the bottom, loads older pages as the agent scrolls up (keeping
 * the view still), and scrolls to a search result, loading older pages until it is there.
 */
export function ThreadMessages({
  conversationId,
  actions,
}: {
  conversationId: number
  actions: BubbleContext
}) {
  const thread = useInfiniteQuery(threadQuery(conversationId))
  const messages = useMemo(() => threadMessages(thread.data), [thread.data])
  const complete = thread.isSuccess && !thread.hasNextPage && messages.length > 0
  const items = useMemo(() => threadItems(messages, complete), [messages, complete])
  const jumpTo = useConversationsUi((state) => state.jumpTo)
  const arrived = useConversationsUi((state) => state.arrived)
  const highlighted = useConversationsUi((state) => state.highlighted)
  // Older pages load only once the thread opened at its end (not while it starts at the top).
  const opened = useRef(false)
  const [ready, setReady] = useState(false)
  const { scrollRef, virtualizer } = useVirtualRows(
    items,
    (item) => (item?.kind === 'message' ? 72 : 36),
    { anchorTo: 'end', followOnAppend: true, overscan: 6 },
  )
  const jumping = jumpTo?.conversationId === conversationId

  // Open at the newest message (unless a search result is the target).
  useLayoutEffect(() => {
    if (opened.current || items.length === 0) return
    opened.current = true
    if (!jumping) virtualizer.scrollToIndex(items.length - 1, { align: 'end' })
    // After the scroll is painted, so the first rows seen are the newest, not the top ones.
    requestAnimationFrame(() => setReady(true))
  }, [items.length, jumping, virtualizer])

  const firstIndex = virtualizer.getVirtualItems()[0]?.index ?? 0
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = thread
  useEffect(() => {
    if (ready && !jumping && hasNextPage && !isFetchingNextPage && firstIndex <= LOAD_OLDER_AT) {
      void fetchNextPage()
    }
  }, [ready, jumping, hasNextPage, isFetchingNextPage, fetchNextPage, firstIndex])

  // A search result: load older pages until the message is there, then scroll to it.
  useEffect(() => {
    if (!jumpTo || jumpTo.conversationId !== conversationId || !thread.data) return
    const index = items.findIndex(
      (item) => item.kind === 'message' && item.message.id === jumpTo.messageId,
    )
    if (index >= 0) {
      virtualizer.scrollToIndex(index, { align: 'center' })
      arrived(jumpTo.messageId)
    } else if (hasNextPage) {
      if (!isFetchingNextPage) void fetchNextPage()
    } else {
      arrived(null)
    }
  }, [
    conversationId,
    jumpTo,
    thread.data,
    items,
    hasNextPage,
    isFetchingNextPage,
    fetchNextPage,
    arrived,
    virtualizer,
  ])

  if (thread.isPending) return <p className="thread__note muted">Loading messages…</p>
  if (thread.isError) {
    return (
      <ErrorNotice
        error={thread.error}
        title="Could not load the messages"
        onRetry={() => thread.refetch()}
      />
    )
  }
  return (
    <div className="thread__body">
      {isFetchingNextPage ? (
        <p className="thread__loading" role="status">
          Loading older messages…
        </p>
      ) : null}
      <div className="thread__scroll" ref={scrollRef} data-testid="thread-messages">
        {messages.length === 0 ? <p className="thread__note muted">No messages yet.</p> : null}
        <VirtualRows
          virtualizer={virtualizer}
          items={items}
          ordered
          label="Messages"
          rowClass={(item) =>
            `thread__item thread__item--${item.kind}${
              item.kind === 'message' ? ` thread__item--${item.message.direction}` : ''
            }`
          }
        >
          {(item) =>
            item.kind !== 'message' ? (
              <span className={`thread__${item.kind}`}>{item.label}</span>
            ) : (
              <MessageBubble
                message={item.message}
                actions={actions}
                highlighted={item.message.id === highlighted}
              />
            )
          }
        </VirtualRows>
      </div>
    </div>
  )
}
