import { GraphError, invalidParam, missingParam } from '../http/graph-error'
import { paginate, selectFields } from '../http/fields'
import { phonesOf } from '../world/world'
import { phoneFor, success, wabaFor, type GraphCall, type GraphContext } from './context'
import { OVERRIDE_BEFORE_SUBSCRIBE, overrideOf, verifiedOverride } from './subscriptions'
import {
  PHONE_DEFAULT_FIELDS,
  PHONE_LIST_DEFAULT_FIELDS,
  WABA_DEFAULT_FIELDS,
  phoneFields,
  wabaFields,
} from './waba-fields'

/** WABA and phone-number nodes (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines "Verify", https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/phone-numbers). */

export function getWaba(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  return selectFields(
    'WhatsAppBusinessAccount',
    wabaFields(ctx.world, waba),
    WABA_DEFAULT_FIELDS,
    call.params.fields,
  )
}

/** `GET /{waba}/phone_numbers` — newest onboarding first by default (PN), or `sort`. */
export function listPhoneNumbers(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  const phones = phonesOf(ctx.world, waba.id)
  const sort = JSON.stringify(call.params.sort ?? '')
  phones.sort((a, b) => b.onboarded_at - a.onboarded_at)
  if (sort.includes('last_onboarded_time_ascending')) phones.reverse()
  return paginate(phones, call.params, call.url, (phone) =>
    selectFields(
      'WhatsAppBusinessPhoneNumber',
      phoneFields(ctx.world, phone),
      PHONE_LIST_DEFAULT_FIELDS,
      call.params.fields,
    ),
  )
}

export function getPhone(call: GraphCall, ctx: GraphContext): unknown {
  const phone = phoneFor(call, ctx)
  return selectFields(
    'WhatsAppBusinessPhoneNumber',
    phoneFields(ctx.world, phone),
    PHONE_DEFAULT_FIELDS,
    call.params.fields,
  )
}

export const PIN_PATTERN = /^\d{6}$/

/** Validates a 2-step verification PIN the way Graph words it ("Param pin must be 6 characters long."). */
export function checkPin(pin: unknown): string {
  if (pin === undefined || pin === null || pin === '') {
    throw new GraphError(100, { message: '(#100) The parameter pin is required.' })
  }
  const text = typeof pin === 'number' ? String(pin) : pin
  if (typeof text !== 'string' || text.length !== 6)
    throw invalidParam('Param pin must be 6 characters long.')
  if (!PIN_PATTERN.test(text)) throw invalidParam('Param pin must be a 6-digit number.')
  return text
}

/**
 * `POST /{phone}`: `{pin}` sets or changes the two-step verification PIN (PN; it cannot be
 * disabled through the API), `{webhook_configuration:{override_callback_uri, verify_token}}` sets
 * the phone-level override, and an empty URI removes it (OVR).
 */
export async function updatePhone(call: GraphCall, ctx: GraphContext): Promise<unknown> {
  const phone = phoneFor(call, ctx)
  const config = call.params.webhook_configuration
  const hasPin = call.params.pin !== undefined
  if (!hasPin && config === undefined) {
    throw invalidParam('No valid parameters were given (expected pin or webhook_configuration)')
  }
  const pin = hasPin ? checkPin(call.params.pin) : null
  let override: typeof phone.webhook_override | undefined
  if (config !== undefined) {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw invalidParam('Param webhook_configuration must be an object')
    }
    const name = (field: string) => `webhook_configuration['${field}']`
    const requested = overrideOf(config as Record<string, unknown>, name)
    if (!requested) throw missingParam(name('override_callback_uri'))
    if (requested.uri === '') override = null
    else {
      const waba = ctx.world.wabas.get(phone.waba_id)
      if (!waba?.subscriptions.has(ctx.world.config.app_id)) {
        throw new GraphError(100, { message: OVERRIDE_BEFORE_SUBSCRIBE })
      }
      override = await verifiedOverride(ctx, requested.uri, requested.verifyToken)
    }
  }
  if (pin !== null) phone.pin = pin
  if (override !== undefined) phone.webhook_override = override
  return success
}
