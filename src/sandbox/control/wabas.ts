import type { z } from 'zod'
import { createPhone, newDisplayNumber, OnboardingConflict } from '../world/assets'
import type { World } from '../world/world'
import { ControlError } from './config-routes'
import type { addPhoneSchema } from './schemas'

/**
 * `POST /_sandbox/wabas/{id}/phone_numbers`: what a client does in WhatsApp Manager after a
 * signup that finished without a number (FINISH_ONLY_WABA): a verified number appears on the WABA,
 * not registered yet — the partner finds it with `GET /{waba}/phone_numbers` and registers it
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner).
 * No webhook: Meta documents none for a number added to a WABA (`account_update`'s events are
 * about the account, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update).
 */
export function addPhoneNumber(
  world: World,
  wabaId: string,
  input: z.infer<typeof addPhoneSchema>,
): Record<string, unknown> {
  const waba = world.wabas.get(wabaId)
  if (!waba)
    throw new ControlError(`no WhatsApp Business Account with id ${wabaId}`, undefined, 404)
  let display: string
  try {
    display = newDisplayNumber(world, input.phone)
  } catch (error) {
    if (error instanceof OnboardingConflict) throw new ControlError(error.message)
    throw error
  }
  const phone = createPhone(world, waba, {
    display,
    verified_name: input.verified_name ?? waba.name,
  })
  return {
    id: phone.id,
    waba_id: waba.id,
    display_phone_number: phone.display_phone_number,
    verified_name: phone.verified_name,
    code_verification_status: phone.code_verification_status,
    registered: phone.registered,
  }
}
