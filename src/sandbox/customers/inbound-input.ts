import { z } from 'zod'
import { referralSchema, sharedContactSchema } from '@shared/whatsapp/webhook-message-schema'

/**
 * The compact inbound-message input the control API accepts —
 * `POST /_sandbox/customers/messages {phone_number_id, from, type, …the type's object as in Meta's
 * webhook}` — validated here; inbound.ts fills what a caller may leave out (media ids, sha256,
 * MIME types, names…). Shapes follow reference §4.4.
 */

const mediaInput = z.strictObject({
  id: z.string().min(1).optional(),
  mime_type: z.string().min(3).optional(),
  sha256: z.string().min(8).optional(),
  caption: z.string().max(1024).optional(),
  url: z.string().optional(),
})

const coordinate = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
])

const common = {
  phone_number_id: z.string().min(1),
  /** The customer's number, digits only (a leading + is tolerated and dropped). */
  from: z
    .string()
    .transform((s) => s.replace(/^\+/, ''))
    .pipe(z.string().regex(/^\d{5,15}$/, 'from must be a phone number with country code')),
  profile_name: z.string().min(1).max(256).optional(),
  /** Business-scoped user id (reference §4.7), e.g. "US.13491208655302741918". */
  user_id: z
    .string()
    .regex(/^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/)
    .optional(),
  context: z
    .strictObject({
      /** The business message this one replies to; `context.from` is filled with the business number. */
      id: z.string().min(1).optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
      referred_product: z
        .strictObject({ catalog_id: z.string(), product_retailer_id: z.string() })
        .optional(),
    })
    .optional(),
  /** Click-to-WhatsApp ad referral; missing fields get realistic defaults (inbound.ts). */
  referral: referralSchema
    .partial()
    // inbound.ts picks image_url or video_url by it, so only Meta's two ad media kinds.
    .extend({ media_type: z.enum(['image', 'video']).optional() })
    .optional(),
}

/** Meta's contact card, except that `formatted_name` may be left out (inbound.ts composes it). */
const contactCard = sharedContactSchema.extend({
  name: sharedContactSchema.shape.name.partial({ formatted_name: true }),
})

export const inboundInputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    type: z.literal('text'),
    text: z.strictObject({ body: z.string().min(1).max(65_536) }),
  }),
  z.strictObject({ ...common, type: z.literal('image'), image: mediaInput.optional() }),
  z.strictObject({ ...common, type: z.literal('video'), video: mediaInput.optional() }),
  z.strictObject({
    ...common,
    type: z.literal('document'),
    document: mediaInput.extend({ filename: z.string().min(1).optional() }).optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('audio'),
    audio: mediaInput.omit({ caption: true }).extend({ voice: z.boolean().optional() }).optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('sticker'),
    sticker: mediaInput
      .omit({ caption: true })
      .extend({ animated: z.boolean().optional() })
      .optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('location'),
    location: z.strictObject({
      latitude: coordinate,
      longitude: coordinate,
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  z.strictObject({ ...common, type: z.literal('contacts'), contacts: z.array(contactCard).min(1) }),
  z.strictObject({
    ...common,
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('button_reply'),
        button_reply: z.strictObject({ id: z.string().min(1), title: z.string().min(1) }),
      }),
      z.strictObject({
        type: z.literal('list_reply'),
        list_reply: z.strictObject({
          id: z.string().min(1),
          title: z.string().min(1),
          description: z.string().optional(),
        }),
      }),
    ]),
  }),
  z.strictObject({
    ...common,
    type: z.literal('button'),
    button: z.strictObject({ text: z.string().min(1), payload: z.string().optional() }),
  }),
  z.strictObject({
    ...common,
    type: z.literal('reaction'),
    // Omit `emoji` (or send "") to remove a reaction (§4.4).
    reaction: z.strictObject({ message_id: z.string().min(1), emoji: z.string().optional() }),
  }),
  z.strictObject({
    ...common,
    type: z.literal('order'),
    order: z.strictObject({
      catalog_id: z.string().min(1),
      text: z.string().optional(),
      product_items: z
        .array(
          z.strictObject({
            product_retailer_id: z.string().min(1),
            quantity: z.number().int().positive(),
            item_price: z.number().nonnegative(),
            currency: z.string().length(3),
          }),
        )
        .min(1),
    }),
  }),
  z.strictObject({
    ...common,
    type: z.literal('system'),
    system: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('user_changed_number'),
        /** The customer's new number. */
        wa_id: z.string().regex(/^\d{5,15}$/),
        body: z.string().optional(),
      }),
      z.strictObject({
        type: z.literal('user_changed_user_id'),
        user_id: z.string().min(1),
        previous_user_id: z.string().min(1).optional(),
        body: z.string().optional(),
      }),
      z.strictObject({ type: z.literal('customer_identity_changed'), body: z.string().optional() }),
    ]),
  }),
  z.strictObject({
    ...common,
    type: z.literal('unsupported'),
    unsupported: z.strictObject({ type: z.string().min(1) }).optional(),
  }),
])

export type InboundInput = z.infer<typeof inboundInputSchema>
export type InboundInputType = InboundInput['type']
/** What a caller may send (before transforms/defaults). */
export type InboundInputBody = z.input<typeof inboundInputSchema>
