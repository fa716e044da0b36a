import { AppError } from '@shared/contract/errors'
import type { OnboardingStep, StepError } from '@shared/contract/onboarding'
import { businessTokenAccount } from '../secrets/secret-store'
import type { ClientPatch, ClientRecord, StepRecord } from '../store/clients-repo'
import type { OnboardingDeps } from './deps'
import { graphCodeOf, stepErrorOf } from './step-errors'
import { waitForConfig, type StepOutcome } from './steps'

/** What a step run ends in: its own outcome, or what its error means. */
export type Applied =
  | StepOutcome
  | { status: 'pending'; message: string; error: StepError; client?: ClientPatch }
  | { status: 'failed'; message: string; error: StepError; client?: ClientPatch }

/** Which token each step calls Meta with: a 190 is checked against that token. */
const stepToken: Record<OnboardingStep, 'business' | 'system-user'> = {
  exchange_code: 'business',
  subscribe_webhooks: 'business',
  share_credit_line: 'system-user',
  register_phone: 'business',
  sync_business_app: 'business',
}

/**
 * Whether a token that just got a 190 is really invalid, by asking debug_token with the app
 * token. 'unknown' when that cannot be told (the check failed too): treated as transient.
 */
async function tokenState(
  deps: OnboardingDeps,
  client: ClientRecord,
  kind: 'business' | 'system-user',
): Promise<'valid' | 'invalid' | 'unknown'> {
  const account = kind === 'business' ? businessTokenAccount(client.wabaId) : 'system-user-token'
  const token = await deps.platform.secrets.get(account).catch(() => undefined)
  if (token === undefined) return 'unknown'
  if (token === null) return 'invalid'
  try {
    return (await deps.platform.graph.onboarding.debugToken(token)).is_valid ? 'valid' : 'invalid'
  } catch {
    return 'unknown'
  }
}

/**
 * Turns a step's error into what happens next: a missing setting or secret waits (and is looked
 * at again on a timer), an invalid business token pauses the client until it is re-authorized, a
 * retryable failure comes back with backoff until the attempts run out, anything else fails.
 */
export async function classifyStepError(
  deps: OnboardingDeps,
  client: ClientRecord,
  step: StepRecord,
  error: unknown,
  attempts: number,
): Promise<Applied> {
  const recorded = stepErrorOf(error)
  if (!AppError.is(error)) {
    deps.log.error('onboarding.step-crashed', { clientId: client.id, step: step.step, error })
    return { status: 'failed', message: recorded.message, error: recorded }
  }
  if (error.code === 'CONFIG') {
    const outcome = waitForConfig(deps, [error.message, error.fix].filter(Boolean).join(' '))
    return { ...outcome, error: recorded }
  }
  if (error.code === 'GRAPH_AUTH') {
    const kind = stepToken[step.step]
    const state = await tokenState(deps, client, kind)
    if (state === 'invalid' || graphCodeOf(error) === null) {
      if (kind === 'system-user') {
        const outcome = waitForConfig(
          deps,
          'The system user token is no longer valid: set a new one (FACEBOOK_SYSTEM_USER_TOKEN) in Settings → Secrets.',
        )
        return { ...outcome, error: recorded }
      }
      return {
        status: 'waiting',
        waitFor: 'reauth',
        message:
          'The client’s business token is expired or revoked: sending is paused. Re-authorize (the client runs Embedded Signup again); onboarding then continues.',
        nextAttemptAt: null,
        error: recorded,
        client: { paused: true },
      }
    }
    // The token is fine: Meta's 190 was transient (or injected); try again like any retryable error.
  } else if (!error.retryable) {
    return { status: 'failed', message: recorded.message, error: recorded }
  }
  if (attempts >= deps.timings.stepRetry.maxAttempts) {
    return {
      status: 'failed',
      message: `Gave up after ${attempts} attempts: ${recorded.message}`,
      error: recorded,
    }
  }
  return {
    status: 'pending',
    message: `Attempt ${attempts} failed (${recorded.message}); trying again shortly.`,
    error: recorded,
  }
}
