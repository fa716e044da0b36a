import type { MessageOrigin } from '@shared/contract/analytics'
import type { DraftDecision, DraftRule, DraftState } from '@shared/contract/drafts'
import { AppError } from '@shared/contract/errors'
import { isWindowOpen } from '@shared/whatsapp/windows'
import { inboundByWamid } from './context'
import type { DraftsContext } from './drafts-context'
import { conversationAi } from './policy-repo'
import { replyClaimKey, replyOutboxKey } from './reply-key'
import { draftById, updateDraft, type DraftRecord } from './repo'

/** Who lets the draft go: the policy (auto, the review delay, a handoff), or an agent. */
export type SendBy =
  { kind: 'policy' } | { kind: 'agent'; agent: string; actor: string; text: string }

/** `messages.origin` (migration 0008) for analytics, by decision. */
const ORIGIN: Partial<Record<DraftDecision, MessageOrigin>> = {
  auto: 'ai-auto',
  timeout: 'ai-auto',
  handoff: 'ai-auto',
  approved: 'ai-approved',
  edited: 'ai-edited',
}

const POLICY_CLAIM_TIMEOUT_MS = 10_000
const AGENT_CLAIM_TIMEOUT_MS = 5_000

const FROM: Record<SendBy['kind'], readonly DraftState[]> = {
  policy: ['pending'],
  agent: ['pending', 'failed'],
}

/** Back to the queue for an agent, with the rule that stopped it (and why, when it failed). */
function backToAgent(ctx: DraftsContext, id: number, rule: DraftRule, error?: AppError) {
  updateDraft(
    ctx.db,
    id,
    ['sending'],
    {
      state: 'pending',
      rule,
      send_at: null,
      ...(error ? { error: JSON.stringify(error.toData()) } : {}),
    },
    ctx.iso(),
  )
  ctx.audit(id, 'system:drafts', 'draft.held', { rule, ...(error ? { error: error.code } : {}) })
  ctx.changed([id])
}

function closeAs(ctx: DraftsContext, id: number, decision: DraftDecision, by: string) {
  updateDraft(
    ctx.db,
    id,
    ['sending'],
    { state: 'closed', status: decision, decided_by: by, decided_at: ctx.iso(), send_at: null },
    ctx.iso(),
  )
  ctx.audit(id, 'system:drafts', 'draft.closed', { decision })
  ctx.changed([id])
}

/**
 * Whether this desktop may send the one reply to the inbound message: the relay's claim
 * (reply-key.ts), completed BEFORE the send so that a lost connection means no reply rather than
 * two. `elsewhere`: another desktop replied. `none`: no claim could be had (policy sends then wait
 * for an agent; an agent's own decision goes out anyway, still once from this desktop by the
 * outbox key).
 */
async function claimReply(
  ctx: DraftsContext,
  wamid: string,
  timeoutMs: number,
): Promise<'ours' | 'elsewhere' | 'none'> {
  const outcome = await ctx.claims.claim(replyClaimKey(wamid), { timeoutMs })
  if (outcome.kind === 'taken') return 'elsewhere'
  if (outcome.kind === 'unavailable') {
    ctx.log.warn('drafts.claim-unavailable', { reason: outcome.reason })
    return 'none'
  }
  const completed = await outcome.lease.complete()
  if (completed === 'completed') return 'ours'
  return completed === 'stale' ? 'elsewhere' : 'none'
}

/**
 * Sends a draft through the outbox: the policy's way (auto, the review delay, a handoff) or an
 * agent's (approve, edit and send). Refuses, and leaves the draft for an agent, when the bot must
 * not answer: the conversation was taken over, the 24-hour window closed (only a template can go
 * then), or the relay's claim says another desktop replied. Returns the draft as it ends up;
 * an agent's send that cannot go throws with the reason.
 */
export async function sendDraft(ctx: DraftsContext, id: number, by: SendBy): Promise<DraftRecord> {
  const row = draftById(ctx.db, id)
  if (!row) throw new AppError('NOT_FOUND', `No draft ${id}.`)
  const text = by.kind === 'agent' ? by.text : row.text
  if (by.kind === 'agent' && !text.trim())
    throw new AppError('VALIDATION', 'This draft is empty: write the answer, then send it.')
  if (!updateDraft(ctx.db, id, FROM[by.kind], { state: 'sending' }, ctx.iso())) {
    if (by.kind === 'policy') return draftById(ctx.db, id)!
    throw new AppError('CONFLICT', `This draft is ${row.state} already: it can no longer be sent.`)
  }
  ctx.changed([id])
  const decision: DraftDecision =
    by.kind === 'agent'
      ? text === row.text
        ? 'approved'
        : 'edited'
      : row.handoff_reason !== null
        ? 'handoff'
        : row.policy === 'auto'
          ? 'auto'
          : 'timeout'

  const refuse = (rule: DraftRule, error: AppError): never => {
    backToAgent(ctx, id, rule, error)
    throw error
  }
  const inbound = inboundByWamid(ctx.db, row.inbound_wamid)
  if (!inbound) return refuse('agent', new AppError('NOT_FOUND', 'The customer’s message is gone.'))
  const ai = conversationAi(ctx.db, inbound.conversation_id, inbound.client_id)
  if (by.kind === 'policy' && ai.paused?.kind === 'taken-over') {
    closeAs(ctx, id, 'taken-over', ai.paused.by)
    return draftById(ctx.db, id)!
  }
  if (!isWindowOpen(inbound.last_inbound_at, ctx.now())) {
    const closed = new AppError(
      'CONFLICT',
      'The 24-hour customer service window is closed: only a template can be sent now.',
      {
        fix: 'Open the conversation and send an approved template.',
        details: { graphCode: 131047 },
      },
    )
    if (by.kind === 'policy') {
      backToAgent(ctx, id, 'window-closed', closed)
      return draftById(ctx.db, id)!
    }
    refuse('window-closed', closed)
  }

  const claim = await claimReply(
    ctx,
    row.inbound_wamid,
    by.kind === 'policy' ? POLICY_CLAIM_TIMEOUT_MS : AGENT_CLAIM_TIMEOUT_MS,
  )
  if (claim === 'elsewhere') {
    closeAs(ctx, id, 'elsewhere', 'another desktop')
    if (by.kind === 'policy') return draftById(ctx.db, id)!
    throw new AppError('CONFLICT', 'Another desktop already replied to this message.')
  }
  if (claim === 'none' && by.kind === 'policy') {
    backToAgent(ctx, id, 'no-claim')
    return draftById(ctx.db, id)!
  }

  const outboxKey = replyOutboxKey(row.inbound_wamid)
  let messageId: number | null
  try {
    const sent = await ctx.outbox.send(
      {
        conversationId: inbound.conversation_id,
        idempotencyKey: outboxKey,
        content: { type: 'text', body: text.trim() },
      },
      ORIGIN[decision],
    )
    messageId = sent.message?.id ?? sent.outbox.messageId
  } catch (error) {
    const failure = AppError.is(error)
      ? error
      : new AppError('INTERNAL', 'The reply could not be queued.', { cause: error })
    ctx.log.warn('drafts.send-failed', { draftId: id, code: failure.code })
    if (by.kind === 'policy') {
      backToAgent(ctx, id, 'agent', failure)
      return draftById(ctx.db, id)!
    }
    return refuse('agent', failure)
  }
  const decidedBy = by.kind === 'agent' ? by.agent : 'policy'
  updateDraft(
    ctx.db,
    id,
    ['sending'],
    {
      state: 'sent',
      status: decision,
      sent_text: text.trim(),
      outbox_key: outboxKey,
      message_id: messageId,
      decided_by: decidedBy,
      decided_at: ctx.iso(),
      send_at: null,
      error: null,
    },
    ctx.iso(),
  )
  ctx.audit(id, by.kind === 'agent' ? by.actor : 'system:policy', 'draft.sent', {
    decision,
    by: decidedBy,
    messageId,
    ...(claim === 'none' ? { claim: 'unavailable' } : {}),
  })
  ctx.changed([id])
  return draftById(ctx.db, id)!
}
