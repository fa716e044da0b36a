import type { messagingNames } from '@shared/contract/messaging.names'
import type { ChannelsOf } from '@shared/contract/names'
import type { HandlersFor } from '../router'
import type { MessagingService } from './service'

/** Thin: validated input in, the messaging service answers from the database. */
export function messagingHandlers({
  messaging,
}: {
  messaging: MessagingService
}): HandlersFor<ChannelsOf<typeof messagingNames>> {
  return {
    'conversations:list': async (input) => messaging.listConversations(input),
    'conversations:get': async ({ conversationId }) => messaging.getConversation(conversationId),
    'conversations:mark-read': async ({ conversationId }) => messaging.markRead(conversationId),
    'messages:list': async (input) => messaging.listMessages(input),
    'messages:get': async ({ messageIds }) => messaging.getMessages(messageIds),
    'messages:search': async (input) => messaging.search(input),
    'messaging:unassigned': async ({ limit }) => messaging.unassigned(limit ?? 200),
  }
}
