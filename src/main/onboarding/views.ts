import { AppError } from '@shared/contract/errors'
import type {
  ClientDetail,
  ClientRow,
  SignupSession,
  TokenHealth,
} from '@shared/contract/onboarding'
import { pinAccount } from '../secrets/secret-store'
import type { ClientRecord, StepRecord } from '../store/clients-repo'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'

export const UNKNOWN_TOKEN: TokenHealth = {
  status: 'unknown',
  expiresAt: null,
  dataAccessExpiresAt: null,
  scopes: [],
  message: null,
  checkedAt: null,
}

const unfinished = (step: StepRecord) => step.status !== 'done' && step.status !== 'skipped'

export function clientRow(client: ClientRecord, steps: readonly StepRecord[]): ClientRow {
  return {
    id: client.id,
    name: client.name,
    wabaId: client.wabaId,
    phoneNumberId: client.phoneNumberId,
    businessId: client.businessId,
    displayPhoneNumber: client.displayPhoneNumber,
    state: client.state,
    signupFinish: client.signupFinish,
    paused: client.paused,
    steps: steps.map((step) => ({ step: step.step, status: step.status })),
    currentStep: steps.find(unfinished)?.step ?? null,
    qualityRating: client.qualityRating,
    warnings: client.warnings,
    lastActivityAt: client.lastActivityAt,
    createdAt: client.createdAt,
    onboardedAt: client.onboardedAt,
    offboardedAt: client.offboardedAt,
  }
}

export function requireClient(deps: OnboardingDeps, clientId: string): ClientRecord {
  const client = deps.clients.get(clientId)
  if (!client) {
    throw new AppError('NOT_FOUND', `No client ${clientId}.`, {
      fix: 'Refresh the client list; the client may have been removed.',
    })
  }
  return client
}

/** Everything the client detail page shows. Never a token or a PIN: only whether a PIN is stored. */
export async function clientDetail(deps: OnboardingDeps, clientId: string): Promise<ClientDetail> {
  const client = requireClient(deps, clientId)
  const steps = deps.clients.steps(client.id)
  const active = client.state !== 'offboarded' && client.state !== 'offboarding'
  const pinStored = client.phoneNumberId
    ? await deps.platform.secrets
        .get(pinAccount(client.phoneNumberId))
        .then((pin) => pin !== null)
        .catch(() => false)
    : false
  const token = client.tokenHealth ?? UNKNOWN_TOKEN
  const register = steps.find((step) => step.step === 'register_phone')
  return {
    ...clientRow(client, steps),
    steps: steps.map((step) => ({
      step: step.step,
      status: step.status,
      attempts: step.attempts,
      message: step.message,
      lastError: step.error,
      nextAttemptAt: step.nextAttemptAt,
      updatedAt: step.updatedAt,
    })),
    token,
    phone: client.phoneHealth,
    subscription: client.subscription,
    creditAllocation: client.creditAllocation,
    pin: { configured: pinStored, source: pinStored ? client.pinSource : null },
    offboarding: deps.offboardings.get(client.id),
    actions: {
      retry:
        active &&
        steps.some(
          (step) =>
            step.status === 'waiting' ||
            step.status === 'failed' ||
            (step.status === 'pending' && step.nextAttemptAt !== null),
        ),
      reauthorize:
        active && (client.paused || token.status === 'invalid' || token.status === 'missing'),
      setPin:
        active && client.phoneNumberId !== null && register !== undefined && unfinished(register),
      offboard: client.state !== 'offboarded',
    },
    history: deps.audit.forSubject(clientSubject(client.id), 200).map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      details: entry.details,
    })),
  }
}

export function sessionView(deps: OnboardingDeps, signupId: string): SignupSession {
  const signup = deps.signups.get(signupId)
  if (!signup) throw new AppError('NOT_FOUND', `No signup session ${signupId}.`)
  return {
    id: signup.id,
    clientId: signup.clientId,
    // An attempt nobody finished reads as expired once its time is up.
    status: signup.status === 'open' && signup.expiresAt < nowIso(deps) ? 'expired' : signup.status,
    createdAt: signup.createdAt,
    updatedAt: signup.updatedAt,
    error: signup.error,
    events: deps.signups.events(signup.id),
  }
}
