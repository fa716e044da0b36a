import { z } from 'zod'

/**
 * Building blocks shared by the webhook schemas (see webhook-schema.ts for the entry point).
 * Meta's reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview.
 */

/**
 * A string field whose documented values we know but which Meta extends without notice (new
 * account_update events, template reasons, pricing categories…). Any string parses — a webhook
 * batch must never be rejected for a value Meta added later — while the inferred type still
 * offers the known values to editors.
 */
export function openEnum<const T extends string>(
  _known: readonly T[],
): z.ZodType<T | (string & {}), string> {
  return z.string() as z.ZodType<T | (string & {}), string>
}

/** Unix seconds as Meta writes them in `timestamp` fields: a string of digits (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). */
export const unixSecondsString = z.string().regex(/^\d+$/, 'expected Unix seconds as a string')

/**
 * Error object as it appears in `value.errors`, `messages[].errors` and `statuses[].errors`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status): `{code, title, message, error_data{details}, href}` — only `code` is always there.
 */
export const webhookErrorSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
})
export type WebhookError = z.infer<typeof webhookErrorSchema>

/** `value.metadata` of every `messages`-field change. */
export const metadataSchema = z.looseObject({
  display_phone_number: z.string(),
  phone_number_id: z.string(),
})
export type WebhookMetadata = z.infer<typeof metadataSchema>
