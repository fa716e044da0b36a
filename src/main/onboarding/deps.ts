import type { CoreEvents } from '../core-events'
import type { RetryPolicy } from '../graph/retry'
import type { Logger } from '../logger'
import type { Platform } from '../platform'
import type { SettingsService } from '../settings/settings-service'
import type { AuditRepo } from '../store/audit-repo'
import type { ClientsRepo } from '../store/clients-repo'
import type { OffboardingsRepo } from '../store/offboardings-repo'
import type { SignupsRepo } from '../store/signups-repo'

/** Timings of the pipeline and health checks; tests shorten them. */
export interface OnboardingTimings {
  /** Backoff between automatic retries of a step after a retryable failure. */
  stepRetry: RetryPolicy
  /** How often a step waiting for a setting or secret looks again. */
  configRecheckMs: number
  /** How often a WABA without a number (FINISH_ONLY_WABA) is looked at for one. */
  phoneRecheckMs: number
  /** How often every active client's token and phone are checked. */
  healthIntervalMs: number
  /** How long a begun signup accepts its result. */
  signupTtlMs: number
}

export const DEFAULT_TIMINGS: OnboardingTimings = {
  stepRetry: { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000, budgetMs: Infinity },
  configRecheckMs: 30_000,
  phoneRecheckMs: 10 * 60_000,
  healthIntervalMs: 6 * 3600_000,
  signupTtlMs: 30 * 60_000,
}

/**
 * The relay's half of live-mode Embedded Signup, as onboarding needs it (the tunnel provides it,
 * wired in core.ts): register an attempt's state, hear the launcher results the relay routes here.
 */
export interface SignupResultRelay {
  /** Throws an AppError with the fix when there is no relay or no connection to it. */
  registerSignup(state: string, expiresAt: number): void
  onSignupResult(listener: (result: unknown) => void): () => void
}

/** Everything the onboarding domain needs, passed in (no module-level state). */
export interface OnboardingDeps {
  clients: ClientsRepo
  signups: SignupsRepo
  offboardings: OffboardingsRepo
  audit: AuditRepo
  platform: Platform
  settings: SettingsService
  events: CoreEvents
  log: Logger
  /**
   * The origin that serves the launcher page: the embedded sandbox in sandbox mode, the partner's
   * public `SIGNUP_ORIGIN` (the relay) in live mode; null when none is configured.
   */
  launcherOrigin: () => string | null
  /** Live mode: the relay that serves the launcher and routes its result back; null in sandbox mode. */
  signupRelay: SignupResultRelay | null
  timings: OnboardingTimings
  now?: () => number
}

export const nowIso = (deps: Pick<OnboardingDeps, 'now'>) =>
  new Date(deps.now ? deps.now() : Date.now()).toISOString()

/** The audit subject of a client's entries. */
export const clientSubject = (clientId: string) => `client:${clientId}`
