import { randomUUID } from 'node:crypto'
import { AppError } from '@shared/contract/errors'
import {
  RESTART_SIGNUP_ACTION,
  type ClientDetail,
  type OnboardingStep,
  type SignupFinish,
  type StepStatus,
  type SubmitSignupInput,
  type SubmitSignupOutput,
} from '@shared/contract/onboarding'
import { businessTokenAccount } from '../secrets/secret-store'
import type { ClientRecord } from '../store/clients-repo'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'
import type { Pipeline } from './pipeline'
import { outcomeOf, parseSignupEvents, type SignupOutcome } from './signup-events'
import { graphCodeOf, stepErrorOf } from './step-errors'
import { sessionView } from './views'

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users */
export const COEXISTENCE_NOT_REGISTERED =
  'The number is in use by the WhatsApp Business app (coexistence): it stays registered there and is not registered again.'

const RESTART_FIX = 'Ask the client to run Embedded Signup again (“Continue with Facebook”).'

/** An error only a new Embedded Signup can fix; the UI offers a button that begins one. */
export function restartSignup(message: string, cause?: unknown): AppError {
  return new AppError(AppError.is(cause) ? cause.code : 'CONFLICT', message, {
    retryable: false,
    fix: RESTART_FIX,
    details: {
      action: RESTART_SIGNUP_ACTION,
      ...(graphCodeOf(cause) === null ? {} : { graphCode: graphCodeOf(cause) }),
    },
    ...(cause === undefined ? {} : { cause }),
  })
}

/** The steps a signup leads to (Solution Partner order; coexistence syncs instead of registering). */
export function planFor(finish: SignupFinish): { step: OnboardingStep; status: StepStatus }[] {
  const coexistence = finish === 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING'
  return [
    { step: 'exchange_code', status: 'done' },
    { step: 'subscribe_webhooks', status: 'pending' },
    { step: 'share_credit_line', status: 'pending' },
    { step: 'register_phone', status: coexistence ? 'skipped' : 'pending' },
    ...(coexistence ? [{ step: 'sync_business_app' as const, status: 'pending' as const }] : []),
  ]
}

export interface SubmitDeps {
  deps: OnboardingDeps
  pipeline: Pipeline
  detail: (clientId: string) => Promise<ClientDetail>
}

/**
 * Takes the launcher's result: records every ES event, and on a finish exchanges the code at once
 * (it lives 30 seconds and works once), stores the business token in the keychain, creates or
 * updates the client and starts its pipeline. Cancel and the error form are recorded and returned.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner
 */
export async function submitSignup(
  { deps, pipeline, detail }: SubmitDeps,
  input: SubmitSignupInput,
  actor: string,
): Promise<SubmitSignupOutput> {
  const at = nowIso(deps)
  const signup = deps.signups.get(input.sessionId)
  if (!signup) throw restartSignup('This signup session is unknown: begin a new one.')
  // In live mode the launcher hands its result to its window and to the relay, so one result can
  // arrive twice: a session that already started its client answers with that client again.
  if (signup.status === 'started' && signup.clientId) {
    return { outcome: 'started', client: await detail(signup.clientId) }
  }
  if (signup.status !== 'open') throw restartSignup('This signup session was already used.')
  if (signup.expiresAt < at) {
    deps.signups.finish(signup.id, 'expired', signup.clientId, null, at)
    throw restartSignup('This signup session expired before the client finished.')
  }
  const events = parseSignupEvents(input.events, at)
  for (const { event, raw } of events) deps.signups.addEvent(signup.id, event, raw)
  const outcome = outcomeOf(events)
  const changed = () => deps.events.emit('clients:changed', { clientId: null, reason: 'session' })

  if (outcome.error && !input.code) {
    deps.signups.finish(signup.id, 'error', signup.clientId, null, at)
    deps.audit.append({
      actor,
      action: 'onboarding.signup-error',
      subject: `signup:${signup.id}`,
      details: { errorCode: outcome.error.errorCode, errorMessage: outcome.error.errorMessage },
    })
    changed()
    return {
      outcome: 'error',
      session: sessionView(deps, signup.id),
      errorCode: outcome.error.errorCode,
      errorMessage: outcome.error.errorMessage,
    }
  }
  if (!input.code) {
    if (outcome.finish) {
      deps.signups.finish(signup.id, 'failed', signup.clientId, null, at)
      changed()
      throw restartSignup('Embedded Signup finished but no code reached the console.')
    }
    deps.signups.finish(signup.id, 'cancelled', signup.clientId, null, at)
    const currentStep = outcome.cancel?.currentStep ?? null
    deps.audit.append({
      actor,
      action: 'onboarding.signup-cancelled',
      subject: `signup:${signup.id}`,
      details: { currentStep },
    })
    changed()
    return { outcome: 'cancelled', session: sessionView(deps, signup.id), currentStep }
  }

  let token: string
  try {
    token = (await deps.platform.graph.onboarding.exchangeCode(input.code)).accessToken
  } catch (error) {
    const message = /expired|been used/i.test(AppError.is(error) ? error.message : '')
      ? 'The signup code expired or was already used (a code lives 30 seconds and works once).'
      : `The signup code could not be exchanged: ${AppError.is(error) ? error.message : String(error)}`
    deps.signups.finish(signup.id, 'failed', signup.clientId, stepErrorOf(error), at)
    deps.audit.append({
      actor,
      action: 'onboarding.exchange-failed',
      subject: `signup:${signup.id}`,
      details: { graphCode: graphCodeOf(error) },
    })
    changed()
    throw restartSignup(message, error)
  }

  const client = await adopt(deps, signup.clientId, outcome, token, at, actor)
  deps.signups.finish(signup.id, 'started', client.id, null, at)
  deps.events.emit('clients:changed', { clientId: client.id, reason: 'created' })
  pipeline.kick(client.id)
  return { outcome: 'started', client: await detail(client.id) }
}

/** Finds the ids (from the finish event, else the token), stores the token, creates or updates the client. */
async function adopt(
  deps: OnboardingDeps,
  reauthorizing: string | null,
  outcome: SignupOutcome,
  token: string,
  at: string,
  actor: string,
): Promise<ClientRecord> {
  const { graph, secrets } = deps.platform
  const finish: SignupFinish = outcome.finish?.event ?? 'FINISH'
  let { wabaId, phoneNumberId, businessId } = outcome.finish ?? {
    wabaId: null,
    phoneNumberId: null,
    businessId: null,
  }
  if (!wabaId || !businessId) {
    // No session-info event (or empty ids): the token's granular scopes name the WABA, newest first.
    // https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-accounts
    const scopes = (await graph.onboarding.debugToken(token)).granular_scopes
    const target = (scope: string) => scopes.find((s) => s.scope === scope)?.target_ids?.[0] ?? null
    wabaId ??= target('whatsapp_business_management')
    businessId ??= target('business_management')
  }
  if (!wabaId) {
    throw restartSignup('Signup gave the console no WhatsApp Business Account to onboard.')
  }
  await secrets.set(businessTokenAccount(wabaId), token)
  if (!phoneNumberId && finish !== 'FINISH_ONLY_WABA') {
    phoneNumberId = (await graph.phoneNumbers.list(wabaId)).data[0]?.id ?? null
  }

  const existing = deps.clients.byWaba(wabaId)
  let client: ClientRecord
  if (!existing || existing.state === 'offboarded') {
    client = existing
      ? deps.clients.update(existing.id, {
          state: 'onboarding',
          signupFinish: finish,
          phoneNumberId,
          businessId: businessId ?? existing.businessId,
          paused: false,
          pinSource: null,
          signedUpAt: at,
          onboardedAt: null,
          offboardedAt: null,
          lastActivityAt: at,
          tokenHealth: null,
          creditAllocation: null,
          subscription: null,
        })
      : deps.clients.create({
          id: randomUUID(),
          wabaId,
          phoneNumberId,
          businessId,
          name: null,
          signupFinish: finish,
          state: 'onboarding',
          signedUpAt: at,
        })
    if (existing) deps.offboardings.clear(existing.id)
    deps.clients.planSteps(client.id, planFor(finish), at)
    deps.clients.updateStep(client.id, 'exchange_code', {
      attempts: 1,
      message: 'Code exchanged for the business token.',
    })
    if (finish === 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING') {
      deps.clients.updateStep(client.id, 'register_phone', {
        message: COEXISTENCE_NOT_REGISTERED,
      })
    }
  } else {
    // Re-authorization (or the same WABA signed up again): the new token replaces the old one.
    client = deps.clients.update(existing.id, {
      paused: false,
      phoneNumberId: existing.phoneNumberId ?? phoneNumberId,
      businessId: existing.businessId ?? businessId,
      lastActivityAt: at,
      tokenHealth: null,
    })
    if (existing.paused) {
      deps.audit.append({
        actor,
        action: 'clients.resumed',
        subject: clientSubject(client.id),
        details: { reason: 're-authorized' },
      })
    }
    for (const step of deps.clients.steps(client.id)) {
      if (step.status === 'waiting' && step.data.waitFor === 'reauth') {
        deps.clients.updateStep(client.id, step.step, { status: 'pending', nextAttemptAt: null })
      }
    }
  }
  deps.audit.append({
    actor,
    action:
      existing && existing.state !== 'offboarded'
        ? 'onboarding.reauthorized'
        : 'onboarding.signup-completed',
    subject: clientSubject(client.id),
    details: {
      wabaId,
      phoneNumberId,
      businessId,
      finish,
      reauthorizing: reauthorizing === client.id,
    },
  })
  deps.log.info('onboarding.signup', {
    clientId: client.id,
    wabaId,
    phoneNumberId,
    businessId,
    finish,
  })
  return client
}
