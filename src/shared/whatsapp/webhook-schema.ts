import { z } from 'zod'
import { metadataSchema, webhookErrorSchema } from './webhook-common-schema'
import { inboundMessageSchema, senderContactSchema } from './webhook-message-schema'
import { statusSchema } from './webhook-status-schema'
import {
  accountUpdateValueSchema,
  phoneQualityUpdateValueSchema,
  templateStatusUpdateValueSchema,
} from './webhook-management-schema'

/**
 * Meta's WhatsApp webhook body, the one entry point for parsing it:
 *   webhookEnvelopeSchema  {object:'whatsapp_business_account', entry:[{id, time?, changes:[{field, value}]}]}
 *   webhookChangeSchema    a change, discriminated by `field`: `messages`, `account_update`,
 *                          `message_template_status_update`, `phone_number_quality_update`, or any
 *                          other field with its value kept as `unknown`
 *   messagesValueSchema    the `messages` value: metadata + contacts + messages | statuses | errors
 * Meta's reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview and its webhooks/reference/* pages.
 * Objects are loose (unknown keys are kept) because Meta adds fields without versioning them.
 */

export * from './webhook-common-schema'
export * from './webhook-message-schema'
export * from './webhook-status-schema'
export * from './webhook-management-schema'

/**
 * The `messages` field carries inbound messages, status updates, or value-level errors
 * (system/app/account errors such as 130429) — errors can appear in all three places (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
 */
export const messagesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: metadataSchema,
  contacts: z.array(senderContactSchema).optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(webhookErrorSchema).optional(),
})
export type MessagesValue = z.infer<typeof messagesValueSchema>

export const MODELLED_FIELDS = [
  'messages',
  'account_update',
  'message_template_status_update',
  'phone_number_quality_update',
] as const
export type ModelledField = (typeof MODELLED_FIELDS)[number]
const modelled: ReadonlySet<string> = new Set(MODELLED_FIELDS)

const modelledChangeSchema = z.discriminatedUnion('field', [
  z.looseObject({ field: z.literal('messages'), value: messagesValueSchema }),
  z.looseObject({ field: z.literal('account_update'), value: accountUpdateValueSchema }),
  z.looseObject({
    field: z.literal('message_template_status_update'),
    value: templateStatusUpdateValueSchema,
  }),
  z.looseObject({
    field: z.literal('phone_number_quality_update'),
    value: phoneQualityUpdateValueSchema,
  }),
])

/**
 * Every other field (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview: account_alerts, business_capability_update, smb_message_echoes,
 * history, calls…): accepted with its value untouched so the raw event can still be stored.
 * A modelled field whose value does not match its schema is an error, never silently "other".
 */
export const otherChangeSchema = z.looseObject({
  field: z.string().refine((f) => !modelled.has(f), 'modelled field with an invalid value'),
  value: z.unknown(),
})

export const webhookChangeSchema = z.union([modelledChangeSchema, otherChangeSchema])
export type WebhookChange = z.infer<typeof webhookChangeSchema>
export type ModelledChange = z.infer<typeof modelledChangeSchema>

/** `time` (Unix seconds, a number) is present on management fields, absent on `messages`. */
export const webhookEntrySchema = z.looseObject({
  id: z.string(),
  time: z.number().int().optional(),
  changes: z.array(webhookChangeSchema),
})
export type WebhookEntry = z.infer<typeof webhookEntrySchema>

export const webhookEnvelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(webhookEntrySchema),
})
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>

/** Narrows a parsed change to one of the modelled fields. */
export function isModelledChange(change: WebhookChange): change is ModelledChange {
  return modelled.has(change.field)
}
