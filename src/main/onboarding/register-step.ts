import { randomInt } from 'node:crypto'
import { AppError } from '@shared/contract/errors'
import { registerSecret } from '@shared/redact'
import { pinAccount } from '../secrets/secret-store'
import { nowIso, type OnboardingDeps } from './deps'
import { graphCodeOf, stepErrorOf } from './step-errors'
import type { StepContext, StepOutcome } from './steps'

/** A 6-digit PIN from the OS's cryptographic RNG (leading zeros kept). */
export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

const registered = (phone: { platform_type?: string | undefined; status?: string | undefined }) =>
  phone.platform_type === 'CLOUD_API' || phone.status === 'CONNECTED'

const later = (deps: OnboardingDeps, ms: number) =>
  new Date(Date.parse(nowIso(deps)) + ms).toISOString()

/**
 * Registers the number with a 6-digit PIN, GET first: a number that already is on the Cloud API
 * is not registered again (each register counts toward Meta's 10 per 72 hours). The PIN is the
 * staff-entered one, or a fresh random one, and is in the keychain before Meta sees it, so a crash
 * right after registering cannot lose it.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration
 */
export async function registerPhone(ctx: StepContext): Promise<StepOutcome> {
  const { deps, saveClient } = ctx
  let client = ctx.client
  const { phoneNumbers } = deps.platform.graph
  if (client.signupFinish === 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING') {
    return {
      status: 'skipped',
      message:
        'The number is in use by the WhatsApp Business app (coexistence): it stays registered there and must not be registered again.',
    }
  }
  if (!client.phoneNumberId) {
    // FINISH_ONLY_WABA: the client finished without a number; take it once one is added.
    const numbers = await phoneNumbers.list(client.wabaId)
    const phone = numbers.data[0]
    if (!phone) {
      return {
        status: 'waiting',
        waitFor: 'phone',
        message:
          'The WhatsApp Business Account has no phone number yet. The client adds one in WhatsApp Manager; registration continues when it appears (looked for every few minutes and at health checks, or press Retry).',
        nextAttemptAt: null,
      }
    }
    client = saveClient({
      phoneNumberId: phone.id,
      displayPhoneNumber: phone.display_phone_number ?? null,
      name: phone.verified_name ?? client.name,
    })
  }
  const phoneId = client.phoneNumberId!
  const before = await phoneNumbers.get(client.wabaId, phoneId)
  const identity = {
    displayPhoneNumber: before.display_phone_number ?? client.displayPhoneNumber,
    name: before.verified_name ?? client.name,
    qualityRating: before.quality_rating ?? client.qualityRating,
  }
  if (registered(before)) {
    return { status: 'done', message: 'Registered (verified).', client: identity }
  }
  if (before.code_verification_status && before.code_verification_status !== 'VERIFIED') {
    return {
      status: 'waiting',
      waitFor: 'verification',
      message: `The number is not verified (${before.code_verification_status}). The client verifies it in WhatsApp Manager; then press Retry.`,
      nextAttemptAt: null,
      client: identity,
    }
  }

  let pin = await deps.platform.secrets.get(pinAccount(phoneId))
  if (!pin) {
    pin = generatePin()
    registerSecret(pin)
    await deps.platform.secrets.set(pinAccount(phoneId), pin)
    client = saveClient({ pinSource: 'generated' })
  }
  registerSecret(pin)
  try {
    await phoneNumbers.register(client.wabaId, phoneId, pin)
  } catch (error) {
    const code = graphCodeOf(error)
    if (code === 133005) {
      return {
        status: 'waiting',
        waitFor: 'pin',
        error: stepErrorOf(error),
        message:
          'This number already has a two-step verification PIN. Ask the client for it and enter it with “Set PIN” (or the client turns two-step verification off in WhatsApp Manager, then Retry).',
        nextAttemptAt: null,
        client: identity,
      }
    }
    if (code === 133016) {
      const wait = Number((error as AppError).details?.retryAfterMs ?? 72 * 3600_000)
      const at = later(deps, wait)
      return {
        status: 'waiting',
        waitFor: 'limit',
        error: stepErrorOf(error),
        message: `Meta allows 10 register/deregister requests per number in 72 hours and this number has used them. Registration runs again at ${at}.`,
        nextAttemptAt: at,
        client: identity,
      }
    }
    throw error
  }
  const after = await phoneNumbers.get(client.wabaId, phoneId)
  if (!registered(after)) {
    throw new AppError('UNAVAILABLE', 'Meta does not show the number as registered yet.', {
      retryable: true,
    })
  }
  return {
    status: 'done',
    message: 'Registered.',
    client: { ...identity, qualityRating: after.quality_rating ?? identity.qualityRating },
  }
}
