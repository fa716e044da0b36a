import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { mediaKeys, messageKeys, templateKeys } from '../../queries/query-keys'
import { patchMessageStatuses } from './cache-patches'
import {
  dropConversations,
  dropOutboxMessage,
  refreshConversations,
  refreshMessages,
} from './live-updates'
import { notifyInbound } from './notifications'
import { routeFromHash, routeParamFromHash } from '../shell/routes'

/** Whether the agent is looking at this conversation right now (open thread, focused window). */
function isViewing(conversationId: number): boolean {
  const hash = window.location.hash
  return (
    document.visibilityState === 'visible' &&
    document.hasFocus() &&
    routeFromHash(hash) === 'conversations' &&
    routeParamFromHash(hash) === String(conversationId)
  )
}

const ignore = () => undefined

/**
 * Messaging and outbox push events → exactly the cached rows they name (live-updates.ts), plus a
 * desktop notification per inbound message. Mounted once by PushEventBridge.
 */
export function useMessagingEvents(): void {
  const queryClient = useQueryClient()

  useEffect(() => {
    const off = [
      api.on('messages:received', ({ messages }) => {
        notifyInbound(messages, isViewing)
        void refreshMessages(queryClient, messages).catch(ignore)
      }),
      api.on('messages:status-changed', ({ messages }) => {
        const byConversation = new Map<number, typeof messages>()
        for (const message of messages) {
          byConversation.set(message.conversationId, [
            ...(byConversation.get(message.conversationId) ?? []),
            message,
          ])
        }
        for (const [conversationId, changes] of byConversation) {
          queryClient.setQueryData(
            messageKeys.thread(conversationId),
            (data: Parameters<typeof patchMessageStatuses>[0]) =>
              patchMessageStatuses(data, changes),
          )
        }
        void refreshMessages(queryClient, messages).catch(ignore)
      }),
      api.on('conversations:changed', ({ conversationIds, removed }) => {
        dropConversations(queryClient, removed)
        void refreshConversations(queryClient, conversationIds).catch(ignore)
      }),
      api.on('outbox:changed', ({ items }) => {
        for (const item of items) {
          if (item.messageId === null)
            dropOutboxMessage(queryClient, item.conversationId, item.outboxId)
        }
        const withRows = items.flatMap((item) =>
          item.messageId === null
            ? []
            : [{ messageId: item.messageId, conversationId: item.conversationId }],
        )
        void refreshMessages(queryClient, withRows).catch(ignore)
      }),
      api.on('media:changed', ({ messageIds }) => {
        for (const id of messageIds) {
          void queryClient.invalidateQueries({ queryKey: mediaKeys.message(id) })
        }
      }),
      api.on('templates:changed', ({ clientId }) => {
        void queryClient.invalidateQueries({ queryKey: templateKeys.list(clientId) })
      }),
    ]
    return () => off.forEach((unsubscribe) => unsubscribe())
  }, [queryClient])
}
