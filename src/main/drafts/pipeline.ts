import type { Draft } from '@shared/contract/ai'
import type { AiPolicy, DraftRule } from '@shared/contract/drafts'
import { AppError } from '@shared/contract/errors'
import { isWindowOpen } from '@shared/whatsapp/windows'
import { reviewReason } from '../ai/guardrails'
import type { DraftProvider, KnowledgeSnapshot } from '../ai/provider'
import { inboundByWamid, inboundMessage, turnsBefore, type InboundMessage } from './context'
import type { DraftsContext } from './drafts-context'
import { conversationAi, pauseConversation } from './policy-repo'
import { draftById, insertDraft, updateDraft } from './repo'
import { routeDraft, type Route } from './routing'
import { sendDraft } from './send'

/** Where drafts come from: the configured provider and the client's knowledge base. */
export interface Drafter {
  provider(): Promise<DraftProvider>
  snapshot(clientId: string): KnowledgeSnapshot
}

export interface PipelineDeps {
  ctx: DraftsContext
  drafter: Drafter
  /** A draft got a review deadline: the timer looks again. */
  scheduled(): void
}

/** Message types that are not something to answer: reactions, WhatsApp's notices, the unknown. */
const NOT_ANSWERED = new Set(['reaction', 'system', 'unsupported', 'request_welcome', 'unknown'])

/** Why no draft is made for an inbound message, or null when one is. */
function skipReason(
  ctx: DraftsContext,
  inbound: InboundMessage | undefined,
): { reason: string } | null {
  if (!inbound) return { reason: 'not an inbound message' }
  if (!inbound.client_id) return { reason: 'no client owns the number' }
  if (inbound.client_state === 'offboarded') return { reason: 'the client is offboarded' }
  if (NOT_ANSWERED.has(inbound.type)) return { reason: `a ${inbound.type} message` }
  // Catching up after a long time away: a reply can no longer go out as free-form text.
  if (!isWindowOpen(inbound.timestamp, ctx.now())) return { reason: 'older than 24 hours' }
  return null
}

/**
 * A draft for one inbound message: one row per wamid (a duplicate webhook or a re-sync makes
 * none), in the queue at once (`drafting`), then written by the provider and routed. Nothing is
 * drafted when the policy is `off`, when an agent took the conversation over or it was handed
 * off, or for what is not a customer's message to answer. Returns the draft id, or null.
 */
export async function draftInbound(deps: PipelineDeps, messageId: number): Promise<number | null> {
  const { ctx } = deps
  const inbound = inboundMessage(ctx.db, messageId)
  if (skipReason(ctx, inbound) || !inbound) return null
  const ai = conversationAi(ctx.db, inbound.conversation_id, inbound.client_id)
  if (ai.effective.policy === 'off' || ai.paused) return null
  const policy = ai.effective.policy
  const id = insertDraft(
    ctx.db,
    {
      inbound_wamid: inbound.wamid,
      client_id: inbound.client_id!,
      inbound_at: inbound.timestamp,
      policy,
      rule: policyRule(policy),
    },
    ctx.iso(),
  )
  if (id === null) return null
  ctx.audit(id, 'system:drafts', 'draft.created', { policy, messageId })
  ctx.changed([id])
  const route = await writeDraft(deps, id, {
    kind: 'fresh',
    policy,
    timeoutSeconds: ai.effective.timeoutSeconds,
  })
  if (route?.action === 'send') await sendDraft(ctx, id, { kind: 'policy' })
  return id
}

const policyRule = (policy: Exclude<AiPolicy, 'off'>): DraftRule =>
  policy === 'auto' ? 'policy-auto' : policy === 'review' ? 'policy-review' : 'policy-timeout'

/** A draft without asking a provider: nothing to read (a photo without caption, a voice note). */
function noTextDraft(inbound: InboundMessage): Draft {
  return {
    reply: '',
    sources: [],
    confidence: 0,
    handoff: false,
    handoffReason: null,
    needsAnswer: true,
    language: 'und',
    provider: 'local',
    model: `no-text:${inbound.type}`,
    promptHash: '',
  }
}

async function draftWith(deps: PipelineDeps, inbound: InboundMessage): Promise<Draft> {
  if (!inbound.text?.trim()) return noTextDraft(inbound)
  const provider = await deps.drafter.provider()
  return provider.draft({
    client: { id: inbound.client_id!, name: inbound.client_name },
    conversation: turnsBefore(deps.ctx.db, inbound),
    inbound: { text: inbound.text, wamid: inbound.wamid },
    kb: deps.drafter.snapshot(inbound.client_id!),
  })
}

export type WriteMode =
  | { kind: 'fresh'; policy: Exclude<AiPolicy, 'off'>; timeoutSeconds: number }
  | { kind: 'regenerate'; actor: string }

/**
 * Writes (or rewrites) a draft with the provider, then routes it (routing.ts) — a regenerated one
 * always waits for the agent who asked. A provider failure leaves the draft `failed`, with the
 * reason, for an agent to regenerate. A handoff pauses the bot in the conversation. Returns the
 * route (null when the draft failed or moved meanwhile); the caller sends when it says so.
 */
export async function writeDraft(
  deps: PipelineDeps,
  id: number,
  mode: WriteMode,
): Promise<Route | null> {
  const { ctx } = deps
  const row = draftById(ctx.db, id)
  const inbound = row ? inboundByWamid(ctx.db, row.inbound_wamid) : undefined
  if (!row || !inbound) return null
  const attempts = row.attempts + 1
  let draft: Draft
  try {
    draft = await draftWith(deps, inbound)
  } catch (error) {
    const failure = AppError.is(error)
      ? error
      : new AppError('INTERNAL', 'Drafting failed unexpectedly.', { cause: error })
    ctx.log.warn('drafts.provider-failed', {
      draftId: id,
      code: failure.code,
      kind: failure.details?.kind,
    })
    updateDraft(
      ctx.db,
      id,
      ['drafting'],
      {
        state: 'failed',
        rule: 'provider-failed',
        error: JSON.stringify(failure.toData()),
        attempts,
        send_at: null,
      },
      ctx.iso(),
    )
    ctx.audit(id, 'system:drafts', 'draft.failed', {
      code: failure.code,
      retryable: failure.retryable,
    })
    ctx.changed([id], true)
    return null
  }

  const route: Route =
    mode.kind === 'fresh'
      ? routeDraft({ ...mode, draft, nowMs: ctx.now() })
      : { action: 'hold', rule: reviewReason(draft) ?? 'agent' }
  const moved = !updateDraft(
    ctx.db,
    id,
    ['drafting'],
    {
      state: 'pending',
      rule: route.rule,
      text: draft.reply,
      needs_answer: draft.needsAnswer ? 1 : 0,
      confidence: draft.confidence,
      sources: JSON.stringify(draft.sources),
      handoff_reason: draft.handoffReason,
      language: draft.language,
      provider: draft.provider,
      model: draft.model,
      prompt_hash: draft.promptHash || null,
      error: null,
      attempts,
      send_at: route.action === 'schedule' ? route.sendAt : null,
    },
    ctx.iso(),
  )
  if (moved) return null
  if (draft.handoff) {
    pauseConversation(
      ctx.db,
      inbound.conversation_id,
      'handoff',
      draft.handoffReason ?? 'human',
      ctx.iso(),
    )
    ctx.conversationChanged(inbound.conversation_id)
  }
  ctx.audit(id, mode.kind === 'fresh' ? 'system:drafts' : mode.actor, 'draft.drafted', {
    provider: draft.provider,
    model: draft.model,
    promptHash: draft.promptHash,
    confidence: draft.confidence,
    sources: draft.sources.map((source) => source.ref),
    rule: route.rule,
    attempt: attempts,
  })
  ctx.changed([id], route.action !== 'send')
  if (route.action === 'schedule') deps.scheduled()
  return route
}
