import type {
  ClientPolicy,
  ConversationAi,
  DraftDetail,
  DraftSummary,
} from '@shared/contract/drafts'

/** Fixture drafts in the contract's shapes (the fake api parses every one with its schema). */

const HOUR = 3_600_000

export function draftSummary(overrides: Partial<DraftSummary> = {}): DraftSummary {
  const inboundAt = overrides.inboundAt ?? new Date(Date.now() - 5 * 60_000).toISOString()
  return {
    id: 1,
    clientId: 'c-1',
    clientName: 'Jaspers Market',
    conversationId: 7,
    contactName: 'Sheena Nelson',
    inboundWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUJDRA==',
    inboundMessageId: 12,
    inboundText: 'When are you open?',
    inboundType: 'text',
    inboundAt,
    state: 'pending',
    decision: null,
    policy: 'review',
    rule: 'policy-review',
    text: 'Jaspers Market is open 9 am to 6 pm, Monday to Saturday.',
    needsAnswer: false,
    confidence: 0.92,
    sources: [
      { ref: 'faq:1', kind: 'faq', title: 'What are your opening hours?' },
      { ref: 'fact:hours', kind: 'fact', title: 'hours' },
    ],
    handoffReason: null,
    language: 'en',
    provider: 'local',
    model: 'local-retrieval-1',
    promptHash: 'a'.repeat(64),
    error: null,
    attempts: 1,
    sendAt: null,
    sentText: null,
    messageId: null,
    decidedBy: null,
    decidedAt: null,
    rejectReason: null,
    windowEndsAt: new Date(Date.parse(inboundAt) + 24 * HOUR).toISOString(),
    paused: null,
    createdAt: inboundAt,
    updatedAt: inboundAt,
    ...overrides,
  }
}

export function draftDetail(overrides: Partial<DraftDetail> = {}): DraftDetail {
  const summary = draftSummary(overrides)
  return {
    ...summary,
    context: [
      {
        id: 11,
        direction: 'in',
        type: 'text',
        text: 'Hi!',
        status: 'read',
        timestamp: summary.inboundAt,
        wamid: 'wamid.earlier',
      },
      {
        id: summary.inboundMessageId,
        direction: 'in',
        type: 'text',
        text: summary.inboundText,
        status: 'read',
        timestamp: summary.inboundAt,
        wamid: summary.inboundWamid,
      },
    ],
    history: [
      { at: summary.createdAt, actor: 'system:drafts', action: 'draft.created', details: {} },
      {
        at: summary.createdAt,
        actor: 'system:drafts',
        action: 'draft.drafted',
        details: { provider: 'local' },
      },
    ],
    ...overrides,
  }
}

export function conversationAi(overrides: Partial<ConversationAi> = {}): ConversationAi {
  return {
    conversationId: 7,
    clientId: 'c-1',
    override: null,
    effective: { policy: 'review', timeoutSeconds: 120, from: 'client' },
    paused: null,
    ...overrides,
  }
}

export function clientPolicy(overrides: Partial<ClientPolicy> = {}): ClientPolicy {
  return {
    clientId: 'c-1',
    policy: 'review',
    timeoutSeconds: 120,
    updatedBy: null,
    updatedAt: null,
    ...overrides,
  }
}
