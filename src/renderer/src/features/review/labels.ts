import type { HandoffReason } from '@shared/contract/ai'
import type { AiPolicy, DraftDecision, DraftRule, DraftSummary } from '@shared/contract/drafts'

export const policyLabels: Record<AiPolicy, string> = {
  auto: 'Send automatically',
  review: 'Hold every draft for review',
  'review-with-timeout': 'Send after a delay unless an agent acts',
  off: 'Off (no drafts)',
}

export const policyShort: Record<AiPolicy, string> = {
  auto: 'Auto',
  review: 'Review',
  'review-with-timeout': 'Review with timeout',
  off: 'Off',
}

/** Why a draft is where it is, in the agent's words. */
export const ruleLabels: Record<DraftRule, string> = {
  'policy-review': 'The policy holds every draft for review',
  'policy-auto': 'The policy sends drafts automatically',
  'policy-timeout': 'The policy sends it after a delay unless an agent acts',
  handoff: 'Handoff: the customer needs a person',
  'needs-answer': 'Needs an answer: nothing in the knowledge base answers it',
  'low-confidence': 'Low confidence: an agent decides',
  'window-closed': 'The 24-hour window closed: only a template can be sent',
  'no-claim': 'Not claimed through the relay: an agent decides',
  'provider-failed': 'The AI provider failed',
  agent: 'Waiting for an agent',
}

export const decisionLabels: Record<DraftDecision, string> = {
  approved: 'Approved',
  edited: 'Edited and sent',
  auto: 'Sent automatically',
  timeout: 'Sent after the review delay',
  handoff: 'Handover message sent',
  rejected: 'Rejected',
  'taken-over': 'Conversation taken over',
  elsewhere: 'Answered from another desktop',
}

export const handoffLabels: Record<HandoffReason, string> = {
  human: 'asked for a person',
  refund: 'a refund',
  payment: 'a payment problem',
  legal: 'a legal matter',
  model: 'the AI asked for a person',
}

/** The short tag a queue row shows. */
export function draftTag(draft: DraftSummary): { label: string; tone: string } {
  if (draft.state === 'drafting') return { label: 'Drafting…', tone: 'neutral' }
  if (draft.state === 'failed') return { label: 'Failed', tone: 'danger' }
  if (draft.state === 'sending') return { label: 'Sending…', tone: 'neutral' }
  if (draft.decision) return { label: decisionLabels[draft.decision], tone: 'neutral' }
  if (draft.rule === 'handoff') return { label: 'Handoff', tone: 'warning' }
  if (draft.needsAnswer) return { label: 'Needs an answer', tone: 'warning' }
  if (draft.rule === 'low-confidence') return { label: 'Low confidence', tone: 'warning' }
  if (draft.rule === 'window-closed') return { label: 'Window closed', tone: 'danger' }
  if (draft.sendAt) return { label: 'Sends soon', tone: 'accent' }
  return { label: 'Ready', tone: 'accent' }
}

export const percent = (value: number) => `${Math.round(value * 100)}%`
