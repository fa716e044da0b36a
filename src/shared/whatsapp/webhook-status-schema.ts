import { z } from 'zod'
import { openEnum, unixSecondsString, webhookErrorSchema } from './webhook-common-schema'

/**
 * Status objects (`value.statuses[]` of the `messages` field) with per-message pricing:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing
 */

export const MESSAGE_STATUSES = ['sent', 'delivered', 'read', 'failed', 'played'] as const
export type MessageStatusValue = (typeof MESSAGE_STATUSES)[number]

export const PRICING_CATEGORIES = [
  'authentication',
  'authentication-international',
  'marketing',
  'marketing_lite',
  'referral_conversion',
  'service',
  'utility',
] as const
export const PRICING_TYPES = ['regular', 'free_customer_service', 'free_entry_point'] as const
export type PricingType = (typeof PRICING_TYPES)[number]

/**
 * `pricing` appears on `sent` and on exactly one of delivered/read. `billable` "will be
 * deprecated" (so optional); `pricing_model` is `PMP` since 1 July 2025, `CBP` before.
 */
export const pricingSchema = z.looseObject({
  billable: z.boolean().optional(),
  pricing_model: openEnum(['PMP', 'CBP'] as const),
  type: openEnum(PRICING_TYPES).optional(),
  category: openEnum(PRICING_CATEGORIES),
})
export type Pricing = z.infer<typeof pricingSchema>

/**
 * Omitted entirely for v24.0+ webhooks unless the message is in a free entry point window;
 * `expiration_timestamp` only on `sent`.
 */
export const conversationSchema = z.looseObject({
  id: z.string(),
  expiration_timestamp: unixSecondsString.optional(),
  origin: z.looseObject({ type: z.string() }),
})
export type Conversation = z.infer<typeof conversationSchema>

export const statusSchema = z.looseObject({
  id: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  timestamp: unixSecondsString,
  // Omitted when the message went to a business-scoped user id and Meta may not share the phone
  // number; `recipient_user_id` then names the recipient
  // (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids).
  recipient_id: z.string().optional(),
  recipient_type: z.string().optional(),
  recipient_participant_id: z.string().optional(),
  recipient_identity_key_hash: z.string().optional(),
  recipient_user_id: z.string().optional(),
  parent_recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: conversationSchema.optional(),
  pricing: pricingSchema.optional(),
  errors: z.array(webhookErrorSchema).optional(),
})
export type MessageStatus = z.infer<typeof statusSchema>
