import { z } from 'zod'
import { registerSecret } from '@shared/redact'
import type { GraphClient } from '../graph-client'

export const phoneNumberSchema = z
  .object({
    id: z.string(),
    display_phone_number: z.string().optional(),
    verified_name: z.string().optional(),
    quality_rating: z.string().optional(),
    code_verification_status: z.string().optional(),
    status: z.string().optional(),
    name_status: z.string().optional(),
    platform_type: z.string().optional(),
    throughput: z.object({ level: z.string() }).passthrough().optional(),
    whatsapp_business_manager_messaging_limit: z.string().optional(),
  })
  .passthrough()
export type PhoneNumber = z.infer<typeof phoneNumberSchema>

const success = z.object({ success: z.boolean() }).passthrough()

/** Phone numbers of a client's WABA: listing, health fields, 2-step PIN, (de)registration (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration, https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/phone-numbers). */
export function phoneNumberEndpoints(graph: GraphClient) {
  return {
    list(wabaId: string) {
      return graph.call({
        method: 'GET',
        path: `/${wabaId}/phone_numbers`,
        token: { kind: 'business', wabaId },
        schema: z.object({ data: z.array(phoneNumberSchema) }).passthrough(),
        endpoint: 'phone_numbers',
        idempotent: true,
      })
    },

    get(wabaId: string, phoneNumberId: string) {
      return graph.call({
        method: 'GET',
        path: `/${phoneNumberId}`,
        query: {
          fields:
            'id,display_phone_number,verified_name,quality_rating,code_verification_status,status,name_status,platform_type,throughput,whatsapp_business_manager_messaging_limit',
        },
        token: { kind: 'business', wabaId },
        schema: phoneNumberSchema,
        endpoint: 'phone_number',
        idempotent: true,
      })
    },

    setTwoStepPin(wabaId: string, phoneNumberId: string, pin: string) {
      registerSecret(pin)
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}`,
        json: { pin },
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'phone_number',
        idempotent: true,
      })
    },

    /** Each call counts toward Meta's 10 register/deregister per 72 h: never retried blindly. */
    register(wabaId: string, phoneNumberId: string, pin: string, dataLocalizationRegion?: string) {
      registerSecret(pin)
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/register`,
        json: {
          messaging_product: 'whatsapp',
          pin,
          ...(dataLocalizationRegion ? { data_localization_region: dataLocalizationRegion } : {}),
        },
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'register',
        idempotent: false,
      })
    },

    /**
     * Coexistence: asks Meta to send the WhatsApp Business app's contacts (`smb_app_state_sync`)
     * or message history (`history`) as webhooks. Each works once, within 24 hours of onboarding.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users
     */
    syncBusinessAppData(
      wabaId: string,
      phoneNumberId: string,
      syncType: 'smb_app_state_sync' | 'history',
    ) {
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/smb_app_data`,
        json: { messaging_product: 'whatsapp', sync_type: syncType },
        token: { kind: 'business', wabaId },
        schema: z.object({ request_id: z.string().optional() }).passthrough(),
        endpoint: 'smb_app_data',
        // Once per onboarding: a repeat after a lost answer would be refused, not repeated.
        idempotent: false,
      })
    },

    deregister(wabaId: string, phoneNumberId: string) {
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/deregister`,
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'deregister',
        idempotent: false,
      })
    },
  }
}
