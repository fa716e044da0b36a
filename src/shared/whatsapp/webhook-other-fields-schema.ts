import { z } from 'zod'
import { metadataSchema, unixSecondsString } from './webhook-common-schema'

/**
 * Values of the webhook fields the normaliser reads besides `messages` and the three management
 * fields of webhook-management-schema.ts. Used to report shape issues, never to reject: the
 * normaliser reads these values tolerantly and keeps them raw. Loose objects: Meta adds keys.
 */

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_name_update */
export const phoneNameUpdateValueSchema = z.looseObject({
  display_phone_number: z.string(),
  decision: z.string(),
  requested_verified_name: z.string().optional(),
  rejection_reason: z.string().nullable().optional(),
})

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_review_update */
export const accountReviewValueSchema = z.looseObject({ decision: z.string() })

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_alerts */
export const accountAlertsValueSchema = z.looseObject({
  entity_type: z.string(),
  entity_id: z.string(),
  alert_info: z.looseObject({
    alert_severity: z.string(),
    alert_status: z.string(),
    alert_type: z.string(),
    alert_description: z.string().optional(),
  }),
})

/**
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/business_capability_update
 * `max_daily_conversations_per_business` is a tier name in the table and a number in the example.
 */
export const capabilityValueSchema = z.looseObject({
  max_daily_conversations_per_business: z.union([z.string(), z.number()]).optional(),
  max_daily_conversation_per_phone: z.number().optional(),
  max_phone_numbers_per_business: z.number().optional(),
  max_phone_numbers_per_waba: z.number().optional(),
})

/**
 * One `message_echoes[]` item of `smb_message_echoes`: a message the business sent from the
 * WhatsApp Business app or a linked device; `<type>` holds the content as in a send payload.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_message_echoes
 */
export const messageEchoSchema = z.looseObject({
  from: z.string(),
  to: z.string().optional(),
  to_user_id: z.string().optional(),
  id: z.string(),
  timestamp: unixSecondsString,
  type: z.string(),
})

export const messageEchoesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: metadataSchema,
  message_echoes: z.array(z.unknown()),
})

/** The parts of a `messages` value around its lists (the items are checked one by one). */
export const messagesEnvelopeSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: metadataSchema,
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
})
