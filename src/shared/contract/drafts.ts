import { z } from 'zod'
import { draftSourceSchema, handoffReasonSchema } from './ai'
import type { ChannelDef } from './domain'
import type { draftsNames } from './drafts.names'
import { appErrorSchema } from './errors'
import { messagePreviewSchema } from './messaging'
import type { ChannelsOf, EventsOf } from './names'

/**
 * Reviewing AI replies (issue #10). Every inbound message of a client whose policy is not `off`
 * gets one draft (the AI domain's providers write it, ai.ts); the policy and the guardrails route
 * it: sent at once, held for an agent, or sent after a delay unless an agent acts. Agents approve,
 * edit and send, reject, regenerate, or take the conversation over. README "Reviewing AI replies".
 */

const clientId = z.string().min(1).max(100)
const conversationId = z.number().int().positive()
const draftId = z.number().int().positive()
const isoTime = z.string()

/**
 * - auto: the draft is sent at once (guardrails permitting);
 * - review: every draft waits for an agent (what a new client starts on);
 * - review-with-timeout: sent after `timeoutSeconds` unless an agent acts first;
 * - off: no drafts.
 */
export const aiPolicySchema = z.enum(['auto', 'review', 'review-with-timeout', 'off'])
export type AiPolicy = z.infer<typeof aiPolicySchema>
export const DEFAULT_AI_POLICY: AiPolicy = 'review'
export const DEFAULT_TIMEOUT_SECONDS = 120
export const timeoutSecondsSchema = z.number().int().min(5).max(86_400)

/**
 * - drafting: the provider is writing it (already in the queue);
 * - pending: waiting for an agent (a draft, or an empty one that needs an answer);
 * - failed: the provider failed (`error`); regenerate to try again;
 * - sending: decided, being handed to the outbox;
 * - sent: in the outbox (`messageId`; its ticks are the message's);
 * - rejected: an agent rejected it (`rejectReason`);
 * - closed: not sent: the conversation was taken over, or another desktop replied.
 */
export const draftStateSchema = z.enum([
  'drafting',
  'pending',
  'failed',
  'sending',
  'sent',
  'rejected',
  'closed',
])
export type DraftState = z.infer<typeof draftStateSchema>

/**
 * Who let what through: approved (an agent sent it as drafted), edited (an agent changed it,
 * then sent), auto (the `auto` policy sent it), timeout (sent when the review delay ran out),
 * handoff (the handover message sent by the policy), rejected, taken-over (an agent took the
 * conversation over), elsewhere (another desktop replied to the message).
 */
export const draftDecisionSchema = z.enum([
  'approved',
  'edited',
  'auto',
  'timeout',
  'handoff',
  'rejected',
  'taken-over',
  'elsewhere',
])
export type DraftDecision = z.infer<typeof draftDecisionSchema>

/**
 * The rule that routed the draft:
 * - policy-review / policy-auto / policy-timeout: the policy alone;
 * - handoff: the customer asked for a person, or a refund, payment or legal matter (the bot
 *   pauses in that conversation);
 * - needs-answer: nothing in the knowledge base answers it;
 * - low-confidence: below the threshold, so an agent decides even under `auto`;
 * - window-closed: the 24-hour window closed before it could go: only a template can be sent;
 * - no-claim: this desktop could not claim the reply through the relay, so an agent decides;
 * - provider-failed: the provider failed (see `error`);
 * - agent: an agent asked for it (regenerate) or acted on it.
 */
export const draftRuleSchema = z.enum([
  'policy-review',
  'policy-auto',
  'policy-timeout',
  'handoff',
  'needs-answer',
  'low-confidence',
  'window-closed',
  'no-claim',
  'provider-failed',
  'agent',
])
export type DraftRule = z.infer<typeof draftRuleSchema>

export const draftEditorSchema = z.object({
  draftId,
  agentName: z.string(),
  /** The window (or browser tab) it is open in. */
  windowId: z.string(),
  /** Typing in it (not just looking): a review delay waits for them. */
  editing: z.boolean(),
})
export type DraftEditor = z.infer<typeof draftEditorSchema>

export const draftSummarySchema = z.object({
  id: draftId,
  clientId: z.string(),
  clientName: z.string().nullable(),
  /** The conversation the inbound message is in now. */
  conversationId,
  contactName: z.string(),
  /** The customer's message: Meta's wamid, its row, its text (null for media without caption). */
  inboundWamid: z.string(),
  inboundMessageId: z.number().int().positive(),
  inboundText: z.string().nullable(),
  inboundType: z.string(),
  inboundAt: isoTime,
  state: draftStateSchema,
  /** Null until decided. */
  decision: draftDecisionSchema.nullable(),
  /** The policy that applied when it was drafted. */
  policy: aiPolicySchema,
  rule: draftRuleSchema,
  /** The provider's draft ("" when it needs an answer). */
  text: z.string(),
  needsAnswer: z.boolean(),
  confidence: z.number().min(0).max(1).nullable(),
  sources: z.array(draftSourceSchema),
  handoffReason: handoffReasonSchema.nullable(),
  language: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  promptHash: z.string().nullable(),
  /** Why the provider (or the send) failed. */
  error: appErrorSchema.nullable(),
  /** How many times it was drafted (regenerate adds one). */
  attempts: z.number().int().nonnegative(),
  /** review-with-timeout: when it goes out unless an agent acts. */
  sendAt: isoTime.nullable(),
  /** What went out (may differ from `text` when an agent edited it). */
  sentText: z.string().nullable(),
  /** The outbound message row. */
  messageId: z.number().int().positive().nullable(),
  /** The agent's name, or `policy` for automatic sends. */
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  rejectReason: z.string().nullable(),
  /** End of the 24-hour customer service window of the conversation. */
  windowEndsAt: isoTime.nullable(),
  /** The conversation's bot is paused (taken over or handed off). */
  paused: z.enum(['taken-over', 'handoff']).nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type DraftSummary = z.infer<typeof draftSummarySchema>

export const draftHistoryEntrySchema = z.object({
  at: isoTime,
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
})

export const draftDetailSchema = draftSummarySchema.extend({
  /** The conversation around the customer's message, oldest first (the message itself included). */
  context: z.array(messagePreviewSchema.extend({ wamid: z.string().nullable() })),
  /** Every step, oldest first: drafted, held, approved, … with who and when. */
  history: z.array(draftHistoryEntrySchema),
})
export type DraftDetail = z.infer<typeof draftDetailSchema>

export const clientPolicySchema = z.object({
  clientId: z.string(),
  policy: aiPolicySchema,
  timeoutSeconds: timeoutSecondsSchema,
  /** Null: never set (the default applies). */
  updatedBy: z.string().nullable(),
  updatedAt: isoTime.nullable(),
})
export type ClientPolicy = z.infer<typeof clientPolicySchema>

export const conversationAiSchema = z.object({
  conversationId,
  clientId: z.string().nullable(),
  /** This conversation's own policy, or null (the client's applies). */
  override: z.object({ policy: aiPolicySchema, timeoutSeconds: timeoutSecondsSchema }).nullable(),
  effective: z.object({
    policy: aiPolicySchema,
    timeoutSeconds: timeoutSecondsSchema,
    from: z.enum(['conversation', 'client']),
  }),
  /** The bot is paused here until released: an agent took over, or the customer was handed off. */
  paused: z
    .object({
      kind: z.enum(['taken-over', 'handoff']),
      /** The agent, or the handoff's reason. */
      by: z.string(),
      at: isoTime,
    })
    .nullable(),
})
export type ConversationAi = z.infer<typeof conversationAiSchema>

export const draftRatesSchema = z.object({
  clientId: z.string(),
  clientName: z.string().nullable(),
  total: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  /** Count per decision. */
  decisions: z.record(draftDecisionSchema, z.number().int().nonnegative()),
  /** Of the drafts agents decided (approved, edited, rejected): sent as drafted. Null when none. */
  acceptanceRate: z.number().min(0).max(1).nullable(),
  /** Of the drafts agents decided: sent after an edit. */
  editRate: z.number().min(0).max(1).nullable(),
  rejectionRate: z.number().min(0).max(1).nullable(),
})
export type DraftRates = z.infer<typeof draftRatesSchema>

const ref = z.strictObject({ draftId })

export const draftsChannels = {
  /** Open drafts across clients, oldest customer message first (or one client's), and the count. */
  'drafts:list': {
    input: z
      .strictObject({
        clientId: clientId.optional(),
        /** open: drafting, pending, failed (default); recent: the newest decided ones too. */
        include: z.enum(['open', 'recent']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .optional()
      .default({}),
    output: z.object({ items: z.array(draftSummarySchema), pendingCount: z.number().int() }),
  },
  'drafts:get': { input: ref, output: draftDetailSchema },
  /** Sends the draft as it is (refused when it is empty, decided, or the window is closed). */
  'drafts:approve': { input: ref, output: draftSummarySchema },
  /** Sends the agent's text instead (edit and send). */
  'drafts:send': {
    input: ref.extend({ text: z.string().trim().min(1, 'is empty').max(4096) }),
    output: draftSummarySchema,
  },
  'drafts:reject': {
    input: ref.extend({ reason: z.string().trim().min(1, 'say why').max(500) }),
    output: draftSummarySchema,
  },
  /** Drafts it again with the knowledge base as it is now (also after a provider failure). */
  'drafts:regenerate': { input: ref, output: draftSummarySchema },
  /** What this window has open (null: none) and whether the agent is typing in it. */
  'drafts:presence': {
    input: z.strictObject({
      windowId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      draftId: draftId.nullable(),
      editing: z.boolean().default(false),
    }),
    output: z.object({ editors: z.array(draftEditorSchema) }),
  },
  /** Acceptance and edit rates per client (one client with `clientId`). */
  'drafts:rates': {
    input: z.strictObject({ clientId: clientId.optional() }).optional().default({}),
    output: z.object({ clients: z.array(draftRatesSchema) }),
  },
  'drafts:client-policy': { input: z.strictObject({ clientId }), output: clientPolicySchema },
  'drafts:set-client-policy': {
    input: z.strictObject({
      clientId,
      policy: aiPolicySchema,
      timeoutSeconds: timeoutSecondsSchema.optional(),
    }),
    output: clientPolicySchema,
  },
  'drafts:conversation': {
    input: z.strictObject({ conversationId }),
    output: conversationAiSchema,
  },
  /** `policy: null` drops the override (the client's policy applies again). */
  'drafts:set-conversation-policy': {
    input: z.strictObject({
      conversationId,
      policy: aiPolicySchema.nullable(),
      timeoutSeconds: timeoutSecondsSchema.optional(),
    }),
    output: conversationAiSchema,
  },
  /** The bot pauses in this conversation until released; its open drafts close. */
  'drafts:take-over': { input: z.strictObject({ conversationId }), output: conversationAiSchema },
  'drafts:release': { input: z.strictObject({ conversationId }), output: conversationAiSchema },
} as const satisfies Record<ChannelsOf<typeof draftsNames>, ChannelDef>

export const draftsEvents = {
  /**
   * Drafts were created or changed (refetch them); `created`: new in the queue (notify);
   * `pendingCount`: the open drafts now (the badge).
   */
  'drafts:changed': z.object({
    drafts: z.array(
      z.object({
        id: draftId,
        clientId: z.string(),
        conversationId,
        state: draftStateSchema,
        created: z.boolean(),
        contactName: z.string(),
        inboundText: z.string().nullable(),
        needsAnswer: z.boolean(),
      }),
    ),
    pendingCount: z.number().int().nonnegative(),
  }),
  /** Who has which draft open, in every window of this core. */
  'drafts:presence-changed': z.object({ editors: z.array(draftEditorSchema) }),
  /** A conversation's policy or pause changed. */
  'drafts:conversation-changed': conversationAiSchema,
} as const satisfies Record<EventsOf<typeof draftsNames>, z.ZodType>
