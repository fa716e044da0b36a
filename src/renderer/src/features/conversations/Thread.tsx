import type { ConversationDetail } from '@shared/contract/messaging'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { hrefFor } from '../shell/routes'
import { conversationDetailQuery } from '../../queries/conversations-queries'
import { ConversationAiControls } from '../review/ConversationAiControls'
import { Composer } from './Composer'
import { Avatar, businessLabel } from './ConversationRowItem'
import { useConversationsUi } from './conversations-store'
import type { BubbleContext } from './MessageBubble'
import { ThreadMessages } from './ThreadMessages'
import { useMarkRead, useReact, useRetry } from './useSend'
import { useWindow, WindowStatus } from './WindowStatus'

const subscribeVisibility = (onChange: () => void) => {
  document.addEventListener('visibilitychange', onChange)
  return () => document.removeEventListener('visibilitychange', onChange)
}

/** Whether the page is on screen (not a background tab or a minimized window). */
const usePageVisible = () =>
  useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible')

/** Who the customer is: the number Meta reported, else the business-scoped user id. */
function contactLine(conversation: ConversationDetail): string {
  const { waId, userId, username } = conversation.contact
  return [waId ? `+${waId}` : null, username, waId ? null : userId].filter(Boolean).join(' · ')
}

/**
 * Reads the conversation when the agent looks at it (open and on screen): Meta's read receipt for
 * the newest inbound message and the local unread count, again whenever a new message arrives.
 */
function useReadWhenViewed(conversation: ConversationDetail | undefined): void {
  const visible = usePageVisible()
  const markRead = useMarkRead(conversation?.id ?? 0)
  const unread = conversation?.unreadCount ?? 0
  const lastId = conversation?.lastMessage?.id
  const { mutate, isPending } = markRead
  useEffect(() => {
    if (visible && unread > 0 && !isPending) mutate()
    // isPending is left out on purpose: its change back to false must not send the receipt again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, unread, lastId, mutate])
}

/** A conversation: who, on which number, the window countdown, the messages and the composer. */
export function Thread({ conversationId }: { conversationId: number }) {
  const detail = useQuery(conversationDetailQuery(conversationId))
  const conversation = detail.data
  const setReplyTo = useConversationsUi((state) => state.setReplyTo)
  const react = useReact(conversationId)
  const retry = useRetry()
  const service = useWindow(conversation?.windowEndsAt ?? null)
  useReadWhenViewed(conversation)

  if (detail.isPending) return <section className="thread thread--empty">Loading…</section>
  if (detail.isError) {
    return (
      <section className="thread thread--empty">
        <ErrorNotice
          error={detail.error}
          title="Could not open the conversation"
          onRetry={() => detail.refetch()}
        />
      </section>
    )
  }
  const current = detail.data
  const canSend = current.clientId !== null && service.open
  const actions: BubbleContext = {
    contactName: current.contact.displayName,
    canSend,
    onReply: (message) => setReplyTo(conversationId, message),
    onReact: react,
    onRetry: retry,
  }
  return (
    <section
      className="thread"
      aria-label={`Conversation with ${current.contact.displayName}`}
      data-testid="thread"
      data-conversation-id={conversationId}
    >
      <header className="thread__header">
        <a className="thread__back" href={hrefFor('conversations')}>
          ← All conversations
        </a>
        <Avatar name={current.contact.displayName} />
        <div className="thread__who">
          <h2 className="thread__name">{current.contact.displayName}</h2>
          <p className="thread__sub muted">
            {contactLine(current)} → {businessLabel(current)}
          </p>
        </div>
        <WindowStatus
          windowEndsAt={current.windowEndsAt}
          freeEntryEndsAt={current.freeEntryEndsAt}
        />
        <ConversationAiControls conversationId={conversationId} />
      </header>
      <ThreadMessages key={conversationId} conversationId={conversationId} actions={actions} />
      <Composer conversation={current} />
    </section>
  )
}
