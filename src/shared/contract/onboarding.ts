import { z } from 'zod'
import { modeSchema } from './app'
import type { ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'
import type { onboardingNames } from './onboarding.names'

/**
 * Client onboarding: Embedded Signup (v4), the persisted per-client pipeline that follows it, the
 * client list and detail, health checks and offboarding. No schema here carries a token, a code
 * (beyond the one-time submit input) or a PIN: the core keeps those in the OS keychain.
 *
 * Flow (docs/onboarding.md): `onboarding:begin-signup` → the UI opens `launcherUrl` (browser mode:
 * a popup; Electron: the signup window) → the launcher delivers a `SignupResultMessage`
 * (src/shared/signup/launcher-protocol.ts) → the UI calls `onboarding:submit-signup` with it →
 * the core exchanges the code at once and runs the pipeline, pushing `onboarding:progress`.
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

/** Everything the UI needs to open Embedded Signup. */
export const signupLaunchSchema = z.object({
  /** Our id for this attempt; also the `state` the launcher echoes back. */
  sessionId: z.string(),
  /** The launcher page with every parameter set: open it (popup or signup window). */
  launcherUrl: z.string(),
  /** The launcher's origin: the only origin a `SignupResultMessage` may come from. */
  launcherOrigin: z.string(),
  appId: z.string(),
  configId: z.string(),
  graphApiVersion: z.string(),
  mode: modeSchema,
  /** Origins the ES `message` events come from (Meta's hosts, or the sandbox's origin). */
  eventOrigins: z.array(z.string()),
  /** The client being re-authorized, or null for a new client. */
  clientId: z.string().nullable(),
  /** After this the session is refused; begin again. */
  expiresAt: z.string(),
})
export type SignupLaunch = z.infer<typeof signupLaunchSchema>

/** A message-event `data` as the page received it: Meta posts JSON strings; objects are accepted. */
const rawEventSchema = z.union([z.string().max(20_000), z.record(z.string(), z.unknown())])

export const submitSignupInputSchema = z.strictObject({
  sessionId: z.string().min(8).max(100),
  /** `authResponse.code` from the FB.login callback; null when the client cancelled. */
  code: z.string().min(1).max(2048).nullable(),
  events: z.array(rawEventSchema).max(50),
})
export type SubmitSignupInput = z.infer<typeof submitSignupInputSchema>

export const signupEventSchema = z.object({
  at: z.string(),
  kind: z.enum(['finish', 'cancel', 'error']),
  /** FINISH…, CANCEL or ERROR. */
  event: z.string(),
  currentStep: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** Meta's session id from the error form. */
  metaSessionId: z.string().nullable(),
  wabaId: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  businessId: z.string().nullable(),
})
export type SignupEvent = z.infer<typeof signupEventSchema>

export const signupSessionSchema = z.object({
  id: z.string(),
  clientId: z.string().nullable(),
  /** open: waiting for the result · started: a client pipeline runs · cancelled · error: the ES error form · failed: e.g. expired code · expired. */
  status: z.enum(['open', 'started', 'cancelled', 'error', 'failed', 'expired']),
  createdAt: z.string(),
  updatedAt: z.string(),
  error: stepErrorSchema.nullable(),
  events: z.array(signupEventSchema),
})
export type SignupSession = z.infer<typeof signupSessionSchema>

export const submitSignupOutputSchema = z.discriminatedUnion('outcome', [
  /** The code was exchanged; the pipeline continues in the background (watch `onboarding:progress`). */
  z.object({ outcome: z.literal('started'), client: clientDetailSchema }),
  /** The client left Embedded Signup at `currentStep` (recorded). */
  z.object({
    outcome: z.literal('cancelled'),
    session: signupSessionSchema,
    currentStep: z.string().nullable(),
  }),
  /** The client reported an error in Embedded Signup's error form (recorded). */
  z.object({
    outcome: z.literal('error'),
    session: signupSessionSchema,
    errorCode: z.string().nullable(),
    errorMessage: z.string(),
  }),
])
export type SubmitSignupOutput = z.infer<typeof submitSignupOutputSchema>

/**
 * `details.action` of an AppError that only a new Embedded Signup can fix (expired or reused code,
 * no code, unknown or expired session): the UI shows a button that calls `onboarding:begin-signup`.
 */
export const RESTART_SIGNUP_ACTION = 'restart-signup'

const clientIdSchema = z.string().min(1).max(100)

/** A 6-digit two-step verification PIN, entered by staff. */
export const pinSchema = z.string().regex(/^\d{6}$/, 'must be exactly 6 digits')

export const healthResultSchema = z.object({
  clientId: z.string(),
  token: tokenHealthSchema,
  phone: phoneHealthSchema.nullable(),
  paused: z.boolean(),
  warnings: z.array(z.string()),
})

export const onboardingChannels = {
  'onboarding:begin-signup': {
    input: z
      .strictObject({
        /** Re-authorize this existing client (its new token replaces the old). */
        clientId: clientIdSchema.optional(),
        /** Offer the WhatsApp Business app (coexistence) flow: `featureType: whatsapp_business_app_onboarding`. */
        coexistence: z.boolean().optional(),
        /**
         * Browser mode: the console page's origin (`location.origin`), where the launcher popup
         * posts its result (loopback origins only). Omit in Electron.
         */
        openerOrigin: z.string().max(200).optional(),
      })
      .optional()
      .default({}),
    output: signupLaunchSchema,
  },
  'onboarding:submit-signup': {
    input: submitSignupInputSchema,
    output: submitSignupOutputSchema,
  },
  /** Recent signup attempts, newest first, with their events (CANCEL and error forms included). */
  'onboarding:sessions': {
    input: z
      .strictObject({ limit: z.number().int().min(1).max(500).optional() })
      .optional()
      .default({}),
    output: z.array(signupSessionSchema),
  },
  /** Runs the pipeline again from its first unfinished step (waiting or failed steps included). */
  'onboarding:retry': {
    input: z.strictObject({ clientId: clientIdSchema }),
    output: clientDetailSchema,
  },
  /** Stores a staff-entered PIN (the number's existing two-step PIN, or one they choose) and resumes registration. */
  'onboarding:set-pin': {
    input: z.strictObject({ clientId: clientIdSchema, pin: pinSchema }),
    output: clientDetailSchema,
  },
  'clients:list': {
    input: z
      .strictObject({
        /** Matches name, phone, and the WABA / phone number / business ids. */
        query: z.string().trim().max(100).optional(),
        state: clientStateSchema.optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .optional()
      .default({}),
    output: z.array(clientRowSchema),
  },
  'clients:get': {
    input: z.strictObject({ clientId: clientIdSchema }),
    output: clientDetailSchema,
  },
  /** Unsubscribes, revokes the credit allocation, deregisters and deletes the client's secrets. */
  'clients:offboard': {
    input: z.strictObject({ clientId: clientIdSchema }),
    output: clientDetailSchema,
  },
  /** Checks token and phone health now (one client, or every active client). */
  'clients:check-health': {
    input: z.strictObject({ clientId: clientIdSchema.optional() }).optional().default({}),
    output: z.array(healthResultSchema),
  },
} as const satisfies Record<ChannelsOf<typeof onboardingNames>, ChannelDef>

export const onboardingEvents = {
  /** A step changed status. `state` is the client's state after the change (`onboarded` → toast). */
  'onboarding:progress': z.object({
    clientId: z.string(),
    step: onboardingStepSchema,
    status: stepStatusSchema,
    attempts: z.number().int().nonnegative(),
    message: z.string().nullable(),
    error: stepErrorSchema.nullable(),
    state: clientStateSchema,
    at: z.string(),
  }),
  /** A client was added, changed or removed, or a signup session was recorded: refetch lists. */
  'clients:changed': z.object({
    clientId: z.string().nullable(),
    reason: z.enum(['created', 'updated', 'offboarded', 'health', 'session']),
  }),
} as const satisfies Record<EventsOf<typeof onboardingNames>, z.ZodType>
