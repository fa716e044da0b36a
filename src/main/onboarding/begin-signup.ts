import { randomUUID } from 'node:crypto'
import { AppError } from '@shared/contract/errors'
import type { SignupLaunch } from '@shared/contract/onboarding'
import { launcherUrl } from '@shared/signup/launcher-protocol'
import { metaEventOrigins } from '@shared/whatsapp/es-events'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'

/** The sandbox's ES dialog needs a configuration id but checks none; this one says what it is. */
export const SANDBOX_CONFIG_ID = '1000000000000001'

/** Loopback origins only: the console page in browser mode (`http://127.0.0.1:<port>`). */
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/

export interface BeginSignupInput {
  clientId?: string | undefined
  coexistence?: boolean | undefined
  openerOrigin?: string | undefined
}

/**
 * Starts an Embedded Signup attempt: records a session (its id is the launcher's `state`) and
 * returns what the UI needs to open the launcher page. Everything it needs is checked here, so a
 * missing app ID or configuration fails before the client sees a dialog.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation
 */
export function beginSignup(
  deps: OnboardingDeps,
  input: BeginSignupInput,
  actor: string,
): SignupLaunch {
  const { platform } = deps
  const appId = platform.appId()
  if (!appId) {
    throw new AppError('CONFIG', 'Embedded Signup needs the Meta app ID.', {
      fix: 'Set FACEBOOK_APP_ID in Settings.',
    })
  }
  const configId =
    deps.settings.get('facebookConfigId') ??
    (platform.mode === 'sandbox' ? SANDBOX_CONFIG_ID : null)
  if (!configId) {
    throw new AppError(
      'CONFIG',
      'Embedded Signup needs its Facebook Login for Business configuration ID.',
      {
        fix: 'Set FACEBOOK_CONFIG_ID in Settings (App Dashboard → Facebook Login for Business → Configurations).',
      },
    )
  }
  const origin = deps.launcherOrigin()
  if (!origin) {
    throw new AppError('CONFIG', 'No public origin serves the Embedded Signup launcher page.', {
      fix: 'Set SIGNUP_ORIGIN to the partner’s HTTPS origin where the relay serves /signup/launcher (Meta only answers pages on an allowed HTTPS domain).',
    })
  }
  if (input.openerOrigin !== undefined && !LOOPBACK_ORIGIN.test(input.openerOrigin)) {
    throw new AppError(
      'VALIDATION',
      'openerOrigin must be the console’s loopback origin, like http://127.0.0.1:5173.',
      {
        details: { openerOrigin: input.openerOrigin.slice(0, 100) },
      },
    )
  }
  let clientId: string | null = null
  if (input.clientId !== undefined) {
    const client = deps.clients.get(input.clientId)
    if (!client) throw new AppError('NOT_FOUND', `No client ${input.clientId}.`)
    if (client.state === 'offboarded') {
      throw new AppError('CONFLICT', 'This client was offboarded: onboard it with a new signup.')
    }
    clientId = client.id
  }
  const coexistence =
    input.coexistence ??
    (clientId !== null &&
      deps.clients.get(clientId)?.signupFinish === 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING')
  const createdAt = nowIso(deps)
  const expiresAt = new Date(Date.parse(createdAt) + deps.timings.signupTtlMs).toISOString()
  const id = randomUUID()
  // Live mode: the launcher POSTs its result to the relay, which routes it to this desktop only
  // (throws, with the fix, when the tunnel is down: the result could reach no one).
  deps.signupRelay?.registerSignup(id, Date.parse(expiresAt))
  deps.signups.create({ id, clientId, coexistence, createdAt, expiresAt })
  deps.audit.append({
    actor,
    action: clientId ? 'onboarding.reauthorize-begun' : 'onboarding.signup-begun',
    subject: clientId ? clientSubject(clientId) : `signup:${id}`,
    details: { signupId: id, coexistence },
  })
  const launcherOrigin = new URL(origin).origin
  return {
    sessionId: id,
    launcherUrl: launcherUrl(launcherOrigin, {
      state: id,
      appId,
      configId,
      version: platform.graphApiVersion(),
      ...(coexistence ? { featureType: 'whatsapp_business_app_onboarding' } : {}),
      ...(input.openerOrigin ? { opener: input.openerOrigin } : {}),
    }),
    launcherOrigin,
    appId,
    configId,
    graphApiVersion: platform.graphApiVersion(),
    mode: platform.mode,
    eventOrigins: platform.mode === 'sandbox' ? [launcherOrigin] : [...metaEventOrigins],
    clientId,
    expiresAt,
  }
}
