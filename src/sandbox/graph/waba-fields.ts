import type { FieldGetters } from '../http/fields'
import type { Phone, Waba } from '../world/types'
import type { World } from '../world/world'

/** Field getters shared by `GET /{waba}` and the WABA lists (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner, https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines). */
export function wabaFields(world: World, waba: Waba): FieldGetters {
  const owner = world.businesses.get(waba.owner_business_id)
  return {
    id: () => waba.id,
    name: () => waba.name,
    currency: () => waba.currency,
    timezone_id: () => waba.timezone_id,
    message_template_namespace: () => waba.message_template_namespace,
    primary_funding_id: () => waba.primary_funding_id ?? undefined,
    owner_business_info: () => (owner ? { name: owner.name, id: owner.id } : undefined),
    account_review_status: () => 'APPROVED',
    business_verification_status: () => 'not_verified',
    ownership_type: () => 'CLIENT_OWNED',
    on_behalf_of_business_info: () =>
      owner ? { name: owner.name, id: owner.id, status: 'APPROVED', type: 'SELF' } : undefined,
  }
}

export const WABA_DEFAULT_FIELDS = [
  'id',
  'name',
  'currency',
  'timezone_id',
  'message_template_namespace',
] as const

/**
 * Phone number fields (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/phone-numbers). `platform_type` and `throughput.level` read
 * NOT_APPLICABLE until the number is registered with the Cloud API — integrations (Chatwoot's
 * webhook_setup_service) look at exactly that to decide whether to register.
 */
export function phoneFields(world: World, phone: Phone): FieldGetters {
  const app = world.config.callback_url
  const waba = world.wabas.get(phone.waba_id)
  const subscription = waba?.subscriptions.get(world.config.app_id)
  return {
    id: () => phone.id,
    display_phone_number: () => phone.display_phone_number,
    verified_name: () => phone.verified_name,
    quality_rating: () => phone.quality_rating,
    code_verification_status: () => phone.code_verification_status,
    name_status: () => phone.name_status,
    platform_type: () => (phone.registered ? 'CLOUD_API' : 'NOT_APPLICABLE'),
    throughput: () => ({
      level: phone.registered ? phone.throughput_level : 'NOT_APPLICABLE',
    }),
    status: () =>
      phone.registered ? 'CONNECTED' : phone.ever_registered ? 'DISCONNECTED' : 'PENDING',
    whatsapp_business_manager_messaging_limit: () => phone.messaging_limit_tier,
    messaging_limit_tier: () => phone.messaging_limit_tier,
    is_official_business_account: () => false,
    is_on_biz_app: () => phone.coexistence,
    account_mode: () => 'LIVE',
    is_pin_enabled: () => phone.pin !== null,
    last_onboarded_time: () =>
      new Date(phone.onboarded_at).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    // OVR: the effective callback at each level that has one.
    webhook_configuration: () => {
      const config: Record<string, string> = {}
      if (phone.webhook_override) config.phone_number = phone.webhook_override.override_callback_uri
      if (subscription?.override) {
        config.whatsapp_business_account = subscription.override.override_callback_uri
      }
      if (app) config.application = app
      return config
    },
  }
}

export const PHONE_DEFAULT_FIELDS = [
  'verified_name',
  'code_verification_status',
  'display_phone_number',
  'quality_rating',
  'id',
] as const

export const PHONE_LIST_DEFAULT_FIELDS = [
  'verified_name',
  'display_phone_number',
  'id',
  'quality_rating',
] as const
