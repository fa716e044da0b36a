import type { Draft } from '@shared/contract/ai'
import type { AiPolicy, DraftRule } from '@shared/contract/drafts'
import { LOW_CONFIDENCE_THRESHOLD, reviewReason } from '../ai/guardrails'

/**
 * What happens to a fresh draft: the guardrails first (ai/guardrails.ts), then the policy.
 * - A handoff (the customer asked for a person, or a refund, payment or legal matter) carries the
 *   handover message: it goes out as the policy says (at once under `auto`, after the delay under
 *   `review-with-timeout`, after an agent's approval under `review`) — never an answer.
 * - No answer in the knowledge base, or a confidence below the threshold: an agent decides, even
 *   under `auto`.
 * - Otherwise the policy: `auto` sends at once, `review-with-timeout` after its delay unless an
 *   agent acts, `review` holds.
 */
export type Route =
  | { action: 'hold'; rule: DraftRule }
  | { action: 'send'; rule: DraftRule }
  | { action: 'schedule'; rule: DraftRule; sendAt: number }

export function routeDraft(input: {
  policy: Exclude<AiPolicy, 'off'>
  timeoutSeconds: number
  draft: Pick<Draft, 'handoff' | 'needsAnswer' | 'confidence'>
  nowMs: number
  threshold?: number
}): Route {
  const { policy, draft } = input
  const reason = reviewReason(draft, input.threshold ?? LOW_CONFIDENCE_THRESHOLD)
  if (reason !== null && reason !== 'handoff') return { action: 'hold', rule: reason }
  const rule: DraftRule =
    reason === 'handoff'
      ? 'handoff'
      : policy === 'auto'
        ? 'policy-auto'
        : policy === 'review'
          ? 'policy-review'
          : 'policy-timeout'
  if (policy === 'auto') return { action: 'send', rule }
  if (policy === 'review-with-timeout')
    return { action: 'schedule', rule, sendAt: input.nowMs + input.timeoutSeconds * 1000 }
  return { action: 'hold', rule }
}
