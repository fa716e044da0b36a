import type { WebhookEmitter } from '../ports'
import { partnerAddedEntry } from '../webhooks/payloads'
import { hexId } from '../ids'
import { onboardClient } from '../world/assets'
import type { World } from '../world/world'
import type { SignupInput } from './schemas'

/**
 * Embedded Signup, the outcome without the dialog: `POST /_sandbox/signups` runs what Meta does
 * when a customer finishes (or abandons) the ES v4 flow and returns what the partner's page
 * would receive. The ES emulator page (src/sandbox/signup) posts here and relays the result:
 * each event is posted to the opener as `JSON.stringify(event)` (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation), the code goes to
 * the FB.login callback as `authResponse.code`.
 *
 * A finished signup creates (or reuses, by name) the client business, a WABA shared with the
 * partner, a verified phone number (not for FINISH_ONLY_WABA), issues a 30-second auth code and
 * fires `account_update` PARTNER_ADDED to the app (MWH: entry id = partner business id).
 */
export interface EmbeddedSignupEvent {
  data: Record<string, string>
  type: 'WA_EMBEDDED_SIGNUP'
  event: string
  version: 3
}

export interface SignupResult {
  code: string | null
  waba_id: string | null
  phone_number_id: string | null
  business_id: string | null
  events: EmbeddedSignupEvent[]
}

const event = (name: string, data: Record<string, string>): EmbeddedSignupEvent => ({
  data,
  type: 'WA_EMBEDDED_SIGNUP',
  event: name,
  version: 3,
})

/** Meta's example of the user-reported error form (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). */
const DEFAULT_ERROR = {
  message:
    'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.',
  code: '524126',
}

const FINISH_EVENTS = {
  finish: 'FINISH',
  finish_only_waba: 'FINISH_ONLY_WABA',
  finish_whatsapp_business_app_onboarding: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
} as const

export function runSignup(world: World, emitter: WebhookEmitter, input: SignupInput): SignupResult {
  const none = { code: null, waba_id: null, phone_number_id: null, business_id: null }
  if (input.outcome === 'cancel') {
    return {
      ...none,
      events: [event('CANCEL', { current_step: input.current_step ?? 'PHONE_NUMBER_SETUP' })],
    }
  }
  if (input.outcome === 'error') {
    return {
      ...none,
      events: [
        event('CANCEL', {
          error_message: input.error_message ?? DEFAULT_ERROR.message,
          error_code: input.error_code ?? DEFAULT_ERROR.code,
          session_id: hexId(15),
          timestamp: world.clock.unixSeconds(),
        }),
      ],
    }
  }
  const onboarded = onboardClient(world, {
    business_name: input.business_name ?? `Client ${world.businesses.size + 1}`,
    with_phone: input.outcome !== 'finish_only_waba',
    coexistence: input.outcome === 'finish_whatsapp_business_app_onboarding',
    ...(input.waba_name === undefined ? {} : { waba_name: input.waba_name }),
    ...(input.verified_name === undefined ? {} : { verified_name: input.verified_name }),
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    ...(input.currency === undefined ? {} : { currency: input.currency }),
    ...(input.timezone_id === undefined ? {} : { timezone_id: input.timezone_id }),
  })
  const { business, waba, phone, code } = onboarded
  const entry = partnerAddedEntry({
    partnerBusinessId: world.config.business_id,
    wabaId: waba.id,
    ownerBusinessId: business.id,
  })
  emitter.emit(entry, { wabaId: waba.id })
  return {
    code,
    waba_id: waba.id,
    phone_number_id: phone?.id ?? null,
    business_id: business.id,
    events: [
      event(FINISH_EVENTS[input.outcome], {
        phone_number_id: phone?.id ?? '',
        waba_id: waba.id,
        business_id: business.id,
      }),
    ],
  }
}
