import { z } from 'zod'

/**
 * The onboarding domain's client model: the pipeline's steps and their statuses, the client states,
 * the Clients page's rows and the client detail with its health checks and offboarding. No schema
 * here carries a token or a PIN: the core keeps those in the OS keychain. Embedded Signup and the
 * channels are in onboarding.ts, which re-exports these.
 */

/** The pipeline's steps, in order (Meta's Solution Partner order: exchange → subscribe → credit → register). */
export const onboardingSteps = [
  'exchange_code',
  'subscribe_webhooks',
  'share_credit_line',
  'register_phone',
  /** Coexistence only: asks Meta to sync the WhatsApp Business app's contacts and history. */
  'sync_business_app',
] as const
export const onboardingStepSchema = z.enum(onboardingSteps)
export type OnboardingStep = z.infer<typeof onboardingStepSchema>

/**
 * pending: not started · running: a call is in flight · done: verified complete · waiting: blocked
 * on something outside the pipeline (a missing setting or secret, a staff-entered PIN, a Meta limit
 * with a known end) — `message` says exactly what · failed: a non-retryable error; `onboarding:retry`
 * starts it again · skipped: not applicable to this signup (e.g. no phone yet, coexistence).
 */
export const stepStatuses = ['pending', 'running', 'done', 'waiting', 'failed', 'skipped'] as const
export const stepStatusSchema = z.enum(stepStatuses)
export type StepStatus = z.infer<typeof stepStatusSchema>

/**
 * onboarding: the pipeline is working · waiting / failed: a step is waiting or failed (see steps)
 * · waiting_for_phone: FINISH_ONLY_WABA — everything done but the WABA has no number yet ·
 * onboarded · offboarding: offboarding started but not finished (e.g. deregistration limit) ·
 * offboarded: history kept, nothing left at Meta or in the keychain.
 */
export const clientStates = [
  'onboarding',
  'waiting',
  'failed',
  'waiting_for_phone',
  'onboarded',
  'offboarding',
  'offboarded',
] as const
export const clientStateSchema = z.enum(clientStates)
export type ClientState = z.infer<typeof clientStateSchema>

/** How the client finished Embedded Signup (Meta's `<FLOW_FINISH_TYPE>`). */
export const signupFinishSchema = z.enum([
  'FINISH',
  'FINISH_ONLY_WABA',
  'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
  'FINISH_OBO_MIGRATION',
  'FINISH_GRANT_ONLY_API_ACCESS',
])
export type SignupFinish = z.infer<typeof signupFinishSchema>

/** An error as the pipeline recorded it: never a secret. */
export const stepErrorSchema = z.object({
  /** AppError code (GRAPH, GRAPH_AUTH, CONFIG, …). */
  code: z.string(),
  message: z.string(),
  fix: z.string().nullable(),
  /** Meta's error code when Meta answered (e.g. 133016), else null. */
  graphCode: z.number().nullable(),
})
export type StepError = z.infer<typeof stepErrorSchema>

export const stepSummarySchema = z.object({
  step: onboardingStepSchema,
  status: stepStatusSchema,
})

export const stepDetailSchema = stepSummarySchema.extend({
  attempts: z.number().int().nonnegative(),
  /** What the step is doing or waiting for, in words for staff (e.g. "Set the system user token in Settings → Secrets"). */
  message: z.string().nullable(),
  lastError: stepErrorSchema.nullable(),
  /** When a waiting step will be tried again by itself (e.g. after Meta's 72 h limit), else null. */
  nextAttemptAt: z.string().nullable(),
  updatedAt: z.string(),
})
export type StepDetail = z.infer<typeof stepDetailSchema>

/** One row of the Clients page. */
export const clientRowSchema = z.object({
  id: z.string(),
  /** The business name (verified name, or the WABA/business name when there is no number). */
  name: z.string().nullable(),
  wabaId: z.string(),
  phoneNumberId: z.string().nullable(),
  businessId: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  state: clientStateSchema,
  signupFinish: signupFinishSchema,
  /** Sending is paused (expired or revoked business token): re-authorize to resume. */
  paused: z.boolean(),
  steps: z.array(stepSummarySchema),
  /** The first step that is not done or skipped, or null. */
  currentStep: onboardingStepSchema.nullable(),
  qualityRating: z.string().nullable(),
  /** Health warnings in words (token expiring soon, quality RED, …). */
  warnings: z.array(z.string()),
  lastActivityAt: z.string(),
  createdAt: z.string(),
  onboardedAt: z.string().nullable(),
  offboardedAt: z.string().nullable(),
})
export type ClientRow = z.infer<typeof clientRowSchema>

export const tokenHealthSchema = z.object({
  /** valid · expiring (within 7 days) · invalid (expired/revoked: sending paused) · missing · unknown (not checked yet). */
  status: z.enum(['valid', 'expiring', 'invalid', 'missing', 'unknown']),
  /** null when the token never expires (or is unknown). */
  expiresAt: z.string().nullable(),
  dataAccessExpiresAt: z.string().nullable(),
  scopes: z.array(z.string()),
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
})
export type TokenHealth = z.infer<typeof tokenHealthSchema>

export const phoneHealthSchema = z.object({
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  qualityRating: z.string().nullable(),
  /** e.g. TIER_250 (`whatsapp_business_manager_messaging_limit`). */
  messagingLimitTier: z.string().nullable(),
  nameStatus: z.string().nullable(),
  /** e.g. STANDARD, HIGH, COEXISTENCE, NOT_APPLICABLE. */
  throughputLevel: z.string().nullable(),
  codeVerificationStatus: z.string().nullable(),
  status: z.string().nullable(),
  platformType: z.string().nullable(),
  checkedAt: z.string().nullable(),
})
export type PhoneHealth = z.infer<typeof phoneHealthSchema>

export const subscriptionInfoSchema = z.object({
  subscribed: z.boolean(),
  overrideCallbackUri: z.string().nullable(),
  verifiedAt: z.string().nullable(),
})

export const creditAllocationSchema = z.object({
  allocationConfigId: z.string().nullable(),
  creditLineId: z.string().nullable(),
  currency: z.string().nullable(),
  /** The WABA's primary_funding_id equals the allocation's receiving_credential. */
  verified: z.boolean(),
  revoked: z.boolean(),
  verifiedAt: z.string().nullable(),
})

export const historyEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
})

export const offboardingStepSchema = z.enum([
  'unsubscribe_webhooks',
  'revoke_credit_line',
  'deregister_phone',
  'delete_secrets',
])
export const offboardingStatusSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(
    z.object({
      step: offboardingStepSchema,
      status: z.enum(['pending', 'done', 'waiting', 'failed', 'skipped']),
      message: z.string().nullable(),
      /** For deregistration blocked by Meta's 10-per-72-hours limit: when it can be done. */
      notBefore: z.string().nullable(),
    }),
  ),
})

/** What staff may do now; the UI shows these as buttons. */
export const clientActionsSchema = z.object({
  /** A step waits or failed: `onboarding:retry`. */
  retry: z.boolean(),
  /** The business token is invalid or missing: `onboarding:begin-signup` with this clientId. */
  reauthorize: z.boolean(),
  /** Registration needs or may take a staff-entered PIN: `onboarding:set-pin`. */
  setPin: z.boolean(),
  offboard: z.boolean(),
})

export const clientDetailSchema = clientRowSchema.extend({
  steps: z.array(stepDetailSchema),
  token: tokenHealthSchema,
  phone: phoneHealthSchema.nullable(),
  subscription: subscriptionInfoSchema.nullable(),
  creditAllocation: creditAllocationSchema.nullable(),
  /** Whether a PIN is in the keychain, and who chose it. Never the PIN. */
  pin: z.object({ configured: z.boolean(), source: z.enum(['generated', 'staff']).nullable() }),
  offboarding: offboardingStatusSchema.nullable(),
  actions: clientActionsSchema,
  /** Audit entries for this client, newest first. */
  history: z.array(historyEntrySchema),
})
export type ClientDetail = z.infer<typeof clientDetailSchema>
