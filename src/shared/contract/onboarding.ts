import { z } from 'zod'
import { modeSchema } from './app'
import type { ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'
import {
  clientDetailSchema,
  clientRowSchema,
  clientStateSchema,
  onboardingStepSchema,
  phoneHealthSchema,
  stepErrorSchema,
  stepStatusSchema,
  tokenHealthSchema,
} from './onboarding-clients'
import type { onboardingNames } from './onboarding.names'

export * from './onboarding-clients'

/**
 * Client onboarding: Embedded Signup (v4), the persisted per-client pipeline that follows it, the
 * client list and detail, health checks and offboarding. No schema here carries a token, a code
 * (beyond the one-time submit input) or a PIN: the core keeps those in the OS keychain.
 *
 * Flow (docs/onboarding.md): `onboarding:begin-signup` → the UI opens `launcherUrl` (browser mode:
 * a popup; Electron: the signup window) → the launcher delivers a `SignupResultMessage`
 * (src/shared/signup/launcher-protocol.ts) → the UI calls `onboarding:submit-signup` with it →
 * the core exchanges the code at once and runs the pipeline, pushing `onboarding:progress`.
 *
 * The client model (steps, states, rows, detail, health) is in onboarding-clients.ts, re-exported here.
 */

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
