import { z } from 'zod'
import { COMMON_MESSAGE_TYPES } from './message-types'
import { unixSecondsString, webhookErrorSchema } from './webhook-common-schema'

/**
 * Inbound message objects (`value.messages[]` of the `messages` field), one schema per `type`,
 * as on Meta's webhooks/reference/messages/* pages (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). Objects are loose: Meta adds
 * keys (BSUIDs, media `url`…) and a parser must keep what it does not know yet.
 */

const mediaBase = {
  id: z.string(),
  mime_type: z.string(),
  sha256: z.string(),
  // Inbound media webhooks carry `url` since the Nov 2025 rollout (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media).
  url: z.string().optional(),
}

export const imageSchema = z.looseObject({ ...mediaBase, caption: z.string().optional() })
export const videoSchema = z.looseObject({ ...mediaBase, caption: z.string().optional() })
export const documentSchema = z.looseObject({
  ...mediaBase,
  caption: z.string().optional(),
  filename: z.string().optional(),
})
export const audioSchema = z.looseObject({ ...mediaBase, voice: z.boolean().optional() })
export const stickerSchema = z.looseObject({ ...mediaBase, animated: z.boolean().optional() })

/** `context` — replies (`from`,`id`), forwards, and the "Message business" product button. */
export const contextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z
    .looseObject({ catalog_id: z.string(), product_retailer_id: z.string() })
    .optional(),
})

/** Click-to-WhatsApp ad referral; `ctwa_clid` is omitted for Status ads (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). */
export const referralSchema = z.looseObject({
  source_url: z.string(),
  source_id: z.string(),
  source_type: z.string(),
  body: z.string().optional(),
  headline: z.string().optional(),
  media_type: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
  ctwa_clid: z.string().optional(),
  welcome_message: z.looseObject({ text: z.string() }).optional(),
})

export const sharedContactSchema = z.looseObject({
  name: z.looseObject({
    formatted_name: z.string(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    middle_name: z.string().optional(),
    suffix: z.string().optional(),
    prefix: z.string().optional(),
  }),
  phones: z
    .array(
      z.looseObject({
        phone: z.string().optional(),
        wa_id: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
  emails: z.array(z.looseObject({ email: z.string(), type: z.string().optional() })).optional(),
  urls: z.array(z.looseObject({ url: z.string(), type: z.string().optional() })).optional(),
  addresses: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  org: z.looseObject({}).optional(),
  birthday: z.string().optional(),
})

/**
 * Fields every inbound message has. `from` is optional: the `user_changed_user_id` system message
 * has none, and with business-scoped user ids (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids) the phone number may be omitted.
 */
const base = {
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  id: z.string(),
  timestamp: unixSecondsString,
  context: contextSchema.optional(),
  referral: referralSchema.optional(),
  errors: z.array(webhookErrorSchema).optional(),
}

export const textMessageSchema = z.looseObject({
  ...base,
  type: z.literal('text'),
  text: z.looseObject({ body: z.string() }),
})
export const imageMessageSchema = z.looseObject({
  ...base,
  type: z.literal('image'),
  image: imageSchema,
})
export const videoMessageSchema = z.looseObject({
  ...base,
  type: z.literal('video'),
  video: videoSchema,
})
export const documentMessageSchema = z.looseObject({
  ...base,
  type: z.literal('document'),
  document: documentSchema,
})
export const audioMessageSchema = z.looseObject({
  ...base,
  type: z.literal('audio'),
  audio: audioSchema,
})
export const stickerMessageSchema = z.looseObject({
  ...base,
  type: z.literal('sticker'),
  sticker: stickerSchema,
})
export const locationMessageSchema = z.looseObject({
  ...base,
  type: z.literal('location'),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
})
export const contactsMessageSchema = z.looseObject({
  ...base,
  type: z.literal('contacts'),
  contacts: z.array(sharedContactSchema).min(1),
})

export const buttonReplySchema = z.looseObject({
  type: z.literal('button_reply'),
  button_reply: z.looseObject({ id: z.string(), title: z.string() }),
})
export const listReplySchema = z.looseObject({
  type: z.literal('list_reply'),
  list_reply: z.looseObject({
    id: z.string(),
    title: z.string(),
    description: z.string().optional(),
  }),
})
/** Flows (`nfm_reply`) and future kinds: not modelled, kept as-is (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). */
const otherInteractiveSchema = z.looseObject({
  type: z.string().refine((t) => t !== 'button_reply' && t !== 'list_reply'),
})
export const interactiveMessageSchema = z.looseObject({
  ...base,
  type: z.literal('interactive'),
  // Optional because Meta has delivered an `interactive` message without the object, paired with a
  // value-level 131000 "Unsupported webhook payload" error (seen in PyWa's captured payloads).
  interactive: z
    .union([
      z.discriminatedUnion('type', [buttonReplySchema, listReplySchema]),
      otherInteractiveSchema,
    ])
    .optional(),
})
export const buttonMessageSchema = z.looseObject({
  ...base,
  type: z.literal('button'),
  button: z.looseObject({ payload: z.string(), text: z.string() }),
})
export const reactionMessageSchema = z.looseObject({
  ...base,
  type: z.literal('reaction'),
  // `emoji` is omitted (PyWa also saw "") when the customer removes their reaction.
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }),
})
export const orderMessageSchema = z.looseObject({
  ...base,
  type: z.literal('order'),
  order: z.looseObject({
    catalog_id: z.string(),
    text: z.string().optional(),
    product_items: z.array(
      z.looseObject({
        product_retailer_id: z.string(),
        quantity: z.number(),
        item_price: z.number(),
        currency: z.string(),
      }),
    ),
  }),
})
export const systemMessageSchema = z.looseObject({
  ...base,
  type: z.literal('system'),
  system: z.looseObject({
    type: z.string(),
    body: z.string().optional(),
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
  }),
  identity: z
    .looseObject({
      acknowledged: z.boolean().optional(),
      created_timestamp: z.string().optional(),
      hash: z.string().optional(),
    })
    .optional(),
})
export const unsupportedMessageSchema = z.looseObject({
  ...base,
  type: z.literal('unsupported'),
  unsupported: z.looseObject({ type: z.string() }).optional(),
})

export const KNOWN_INBOUND_TYPES = [
  ...COMMON_MESSAGE_TYPES,
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'unsupported',
] as const
export type KnownInboundType = (typeof KNOWN_INBOUND_TYPES)[number]
const knownTypes: ReadonlySet<string> = new Set(KNOWN_INBOUND_TYPES)

const knownInboundMessageSchema = z.discriminatedUnion('type', [
  textMessageSchema,
  imageMessageSchema,
  videoMessageSchema,
  documentMessageSchema,
  audioMessageSchema,
  stickerMessageSchema,
  locationMessageSchema,
  contactsMessageSchema,
  interactiveMessageSchema,
  buttonMessageSchema,
  reactionMessageSchema,
  orderMessageSchema,
  systemMessageSchema,
  unsupportedMessageSchema,
])

/**
 * A type Meta added after this schema was written (e.g. `request_welcome`): accepted with the base
 * fields only, so one new type cannot make a whole batch unparseable. Known types never fall here.
 */
export const otherInboundMessageSchema = z.looseObject({
  ...base,
  type: z.string().refine((t) => !knownTypes.has(t), 'known message type with an invalid shape'),
})

export const inboundMessageSchema = z.union([knownInboundMessageSchema, otherInboundMessageSchema])
export type InboundMessage = z.infer<typeof inboundMessageSchema>
export type KnownInboundMessage = z.infer<typeof knownInboundMessageSchema>
export type TextMessage = z.infer<typeof textMessageSchema>
export type InteractiveMessage = z.infer<typeof interactiveMessageSchema>
export type ReactionMessage = z.infer<typeof reactionMessageSchema>
export type SystemMessage = z.infer<typeof systemMessageSchema>
export type SharedContact = z.infer<typeof sharedContactSchema>

/** `value.contacts[]` — the sender's profile; BSUID fields per https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids. */
export const senderContactSchema = z.looseObject({
  profile: z
    .looseObject({ name: z.string().optional(), username: z.string().optional() })
    .optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  identity_key_hash: z.string().optional(),
})
export type SenderContact = z.infer<typeof senderContactSchema>

/**
 * Narrows a parsed message to the modelled types, after which `switch (message.type)` gives each
 * branch its typed object (an unknown type's `type: string` would otherwise block narrowing).
 */
export function isKnownInboundMessage(message: InboundMessage): message is KnownInboundMessage {
  return knownTypes.has(message.type)
}
