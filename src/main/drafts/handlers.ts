import type { draftsNames } from '@shared/contract/drafts.names'
import type { ChannelsOf } from '@shared/contract/names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { Policies } from './policies'
import type { DraftsService } from './service'

/** Thin: who acts, then the review service or the policies. */
export function draftsHandlers({
  drafts,
}: {
  drafts: { service: DraftsService; policies: Policies }
}): HandlersFor<ChannelsOf<typeof draftsNames>> {
  const { service, policies } = drafts
  return {
    'drafts:list': async (input) => service.list(input),
    'drafts:get': async ({ draftId }) => service.get(draftId),
    'drafts:approve': async ({ draftId }, ctx) => service.approve(draftId, { actor: actorOf(ctx) }),
    'drafts:send': async ({ draftId, text }, ctx) =>
      service.send(draftId, text, { actor: actorOf(ctx) }),
    'drafts:reject': async ({ draftId, reason }, ctx) =>
      service.reject(draftId, reason, { actor: actorOf(ctx) }),
    'drafts:regenerate': async ({ draftId }, ctx) =>
      service.regenerate(draftId, { actor: actorOf(ctx) }),
    'drafts:presence': async ({ windowId, draftId, editing }) => ({
      editors: service.presence(windowId, draftId, editing),
    }),
    'drafts:rates': async ({ clientId }) => ({ clients: service.rates(clientId) }),
    'drafts:client-policy': async ({ clientId }) => policies.clientPolicy(clientId),
    'drafts:set-client-policy': async ({ clientId, policy, timeoutSeconds }, ctx) =>
      policies.setClientPolicy(clientId, policy, timeoutSeconds, actorOf(ctx)),
    'drafts:conversation': async ({ conversationId }) => policies.conversation(conversationId),
    'drafts:set-conversation-policy': async ({ conversationId, policy, timeoutSeconds }, ctx) =>
      policies.setConversationPolicy(conversationId, policy, timeoutSeconds, actorOf(ctx)),
    'drafts:take-over': async ({ conversationId }, ctx) =>
      policies.takeOver(conversationId, actorOf(ctx)),
    'drafts:release': async ({ conversationId }, ctx) =>
      policies.release(conversationId, actorOf(ctx)),
  }
}
