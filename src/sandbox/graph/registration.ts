import { enumParam, missingParam, waError, type GraphError } from '../http/graph-error'
import { takeRegistration } from '../world/limits'
import { phoneFor, stringParam, success, type GraphCall, type GraphContext } from './context'
import { checkPin } from './phones'

/**
 * `POST /{phone}/register` and `/deregister` (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration). Both count toward the limit
 * of 10 requests per number per moving 72 h (133016, then blocked for 72 h); registration takes
 * the existing two-step PIN when one is set (133005 on mismatch), otherwise sets it.
 */
export const DATA_LOCALIZATION_REGIONS = [
  'AU',
  'ID',
  'IN',
  'JP',
  'SG',
  'KR',
  'DE',
  'CH',
  'GB',
  'BR',
  'BH',
  'ZA',
  'AE',
  'CA',
] as const

/** `messaging_product` must be `whatsapp` (register, smb_app_data). */
export function requireMessagingProduct(params: Record<string, unknown>): void {
  const product = params.messaging_product
  if (product === undefined) throw missingParam('messaging_product')
  if (product !== 'whatsapp') throw enumParam('messaging_product', ['whatsapp'], product)
}

function rateLimited(): GraphError {
  return waError(
    133016,
    'Too many register/deregister requests for this phone number in the last 72 hours. ' +
      'The number is blocked from registering for 72 hours.',
  )
}

export function register(call: GraphCall, ctx: GraphContext): unknown {
  const phone = phoneFor(call, ctx)
  requireMessagingProduct(call.params)
  const pin = checkPin(call.params.pin)
  const region = stringParam(call.params, 'data_localization_region')
  if (region !== undefined && !(DATA_LOCALIZATION_REGIONS as readonly string[]).includes(region)) {
    throw enumParam('data_localization_region', DATA_LOCALIZATION_REGIONS, region)
  }
  if (!takeRegistration(phone, ctx.world.clock.now())) throw rateLimited()
  if (phone.pin !== null && phone.pin !== pin) {
    throw waError(133005, 'Two step verification PIN Mismatch')
  }
  phone.pin = pin
  phone.registered = true
  phone.ever_registered = true
  // REG: the region can only be changed by deregistering and registering again.
  phone.data_localization_region = region ?? null
  return success
}

export function deregister(call: GraphCall, ctx: GraphContext): unknown {
  const phone = phoneFor(call, ctx)
  if (!takeRegistration(phone, ctx.world.clock.now())) throw rateLimited()
  phone.registered = false
  return success
}
