/**
 * Message `type` names (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages send table, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages inbound). The common ones travel both ways —
 * a business sends them through `POST /{phone}/messages` and a customer's arrive in the `messages`
 * webhook — though each direction's object has its own shape (see the schemas).
 */
export const COMMON_MESSAGE_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
] as const
export type CommonMessageType = (typeof COMMON_MESSAGE_TYPES)[number]

/** The `type` of a `POST /{phone}/messages` body (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages). */
export const SEND_MESSAGE_TYPES = [
  ...COMMON_MESSAGE_TYPES,
  'interactive',
  'template',
  'reaction',
] as const
export type SendMessageType = (typeof SEND_MESSAGE_TYPES)[number]
