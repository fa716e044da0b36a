import type { AiPolicy, ClientPolicy, ConversationAi } from '@shared/contract/drafts'
import { AppError } from '@shared/contract/errors'
import { prep } from '../messaging/sql'
import type { AuditRepo } from '../store/audit-repo'
import type { ClientRecord } from '../store/clients-repo'
import type { DraftsContext } from './drafts-context'
import {
  clientOfConversation,
  clientPolicy,
  conversationAi,
  pauseConversation,
  releaseConversation,
  saveClientPolicy,
  saveConversationPolicy,
} from './policy-repo'
import { openDraftsOfConversation, updateDraft } from './repo'
import type { ReviewTimers } from './timers'

export interface PoliciesDeps {
  ctx: DraftsContext
  audit: Pick<AuditRepo, 'append'>
  timers: ReviewTimers
  client(clientId: string): ClientRecord | null
  agentName(): string
}

/** Review deadlines of pending drafts stop when the policy no longer sends after a delay. */
function dropDeadlines(ctx: DraftsContext, ids: readonly number[], timers: ReviewTimers) {
  const held = ids.filter((id) =>
    updateDraft(ctx.db, id, ['pending'], { send_at: null, rule: 'agent' }, ctx.iso()),
  )
  if (held.length === 0) return
  for (const id of held) ctx.audit(id, 'system:drafts', 'draft.held', { rule: 'policy changed' })
  ctx.changed(held)
  timers.reschedule()
}

const scheduledOfClient = (ctx: DraftsContext, clientId: string) =>
  prep<[string], { id: number }>(
    ctx.db,
    "SELECT id FROM drafts WHERE client_id = ? AND state = 'pending' AND send_at IS NOT NULL",
  )
    .all(clientId)
    .map((row) => row.id)

/**
 * Each client's policy (a new client starts on `review`), each conversation's override, and the
 * bot's pause in a conversation: an agent takes it over (its open drafts close, nothing is drafted
 * or sent there until released) or the customer was handed off.
 */
export function createPolicies(deps: PoliciesDeps) {
  const { ctx } = deps

  const requireConversation = (conversationId: number) => {
    const clientId = clientOfConversation(ctx.db, conversationId)
    if (clientId === undefined)
      throw new AppError('NOT_FOUND', `No conversation ${conversationId}.`)
    return clientId
  }

  return {
    clientPolicy(clientId: string): ClientPolicy {
      if (!deps.client(clientId)) throw new AppError('NOT_FOUND', `No client ${clientId}.`)
      return clientPolicy(ctx.db, clientId)
    },

    setClientPolicy(
      clientId: string,
      policy: AiPolicy,
      timeoutSeconds: number | undefined,
      actor: string,
    ): ClientPolicy {
      if (!deps.client(clientId)) throw new AppError('NOT_FOUND', `No client ${clientId}.`)
      const before = clientPolicy(ctx.db, clientId)
      const seconds = timeoutSeconds ?? before.timeoutSeconds
      const agent = deps.agentName()
      saveClientPolicy(ctx.db, clientId, policy, seconds, agent, ctx.iso())
      deps.audit.append({
        actor,
        action: 'drafts.client-policy',
        subject: `client:${clientId}`,
        details: { policy, timeoutSeconds: seconds, by: agent, before: before.policy },
      })
      if (policy !== 'review-with-timeout')
        dropDeadlines(ctx, scheduledOfClient(ctx, clientId), deps.timers)
      return clientPolicy(ctx.db, clientId)
    },

    conversation(conversationId: number): ConversationAi {
      return conversationAi(ctx.db, conversationId, requireConversation(conversationId))
    },

    setConversationPolicy(
      conversationId: number,
      policy: AiPolicy | null,
      timeoutSeconds: number | undefined,
      actor: string,
    ): ConversationAi {
      const clientId = requireConversation(conversationId)
      const before = conversationAi(ctx.db, conversationId, clientId)
      saveConversationPolicy(
        ctx.db,
        conversationId,
        policy,
        timeoutSeconds ?? before.effective.timeoutSeconds,
        ctx.iso(),
      )
      deps.audit.append({
        actor,
        action: 'drafts.conversation-policy',
        subject: `conversation:${conversationId}`,
        details: { policy, by: deps.agentName() },
      })
      const after = ctx.conversationChanged(conversationId)
      if (after.effective.policy !== 'review-with-timeout')
        dropDeadlines(
          ctx,
          openDraftsOfConversation(ctx.db, conversationId).map((d) => d.id),
          deps.timers,
        )
      return after
    },

    /** The bot pauses here until released; the conversation's open drafts close as taken over. */
    takeOver(conversationId: number, actor: string): ConversationAi {
      requireConversation(conversationId)
      const agent = deps.agentName()
      pauseConversation(ctx.db, conversationId, 'taken-over', agent, ctx.iso())
      const closed = openDraftsOfConversation(ctx.db, conversationId).filter((draft) =>
        updateDraft(
          ctx.db,
          draft.id,
          ['drafting', 'pending', 'failed'],
          {
            state: 'closed',
            status: 'taken-over',
            decided_by: agent,
            decided_at: ctx.iso(),
            send_at: null,
          },
          ctx.iso(),
        ),
      )
      for (const draft of closed) ctx.audit(draft.id, actor, 'draft.taken-over', { by: agent })
      deps.audit.append({
        actor,
        action: 'drafts.take-over',
        subject: `conversation:${conversationId}`,
        details: { by: agent, closed: closed.map((draft) => draft.id) },
      })
      ctx.changed(closed.map((draft) => draft.id))
      deps.timers.reschedule()
      return ctx.conversationChanged(conversationId)
    },

    release(conversationId: number, actor: string): ConversationAi {
      requireConversation(conversationId)
      releaseConversation(ctx.db, conversationId, ctx.iso())
      deps.audit.append({
        actor,
        action: 'drafts.release',
        subject: `conversation:${conversationId}`,
        details: { by: deps.agentName() },
      })
      return ctx.conversationChanged(conversationId)
    },
  }
}

export type Policies = ReturnType<typeof createPolicies>
