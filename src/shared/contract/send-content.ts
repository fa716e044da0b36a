import { z } from 'zod'

/**
 * What the composer sends (issue #9): one schema per kind of content, validated at the edge before
 * the outbox stores it. The outbox and its channels are in outbox.ts, which re-exports these.
 */

/** The store's message id (messaging.ts). */
export const messageIdSchema = z.number().int().positive()
const messageId = messageIdSchema
const httpsUrl = z.url({ protocol: /^https$/ }).max(2000)

// Content: what the composer sends. Limits are Meta's
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages).

export const mediaKindSchema = z.enum(['image', 'audio', 'video', 'document', 'sticker'])
export type MediaKind = z.infer<typeof mediaKindSchema>

/** Media by the id `media:upload` returned, or by a public https link Meta fetches. */
const mediaRef = {
  mediaId: z
    .string()
    .regex(/^\d{1,40}$/, 'a media id from media:upload')
    .optional(),
  link: httpsUrl.optional(),
}
const exactlyOneRef = (value: { mediaId?: string | undefined; link?: string | undefined }) =>
  (value.mediaId === undefined) !== (value.link === undefined)
const refMessage = { message: 'give exactly one of mediaId and link' }

export const textContentSchema = z.strictObject({
  type: z.literal('text'),
  body: z.string().trim().min(1).max(4096),
  /** Let WhatsApp render a preview of the first URL in the body. */
  previewUrl: z.boolean().optional(),
})

export const mediaContentSchema = z
  .strictObject({
    type: z.literal('media'),
    kind: mediaKindSchema,
    ...mediaRef,
    /** image, video, document only. */
    caption: z.string().max(1024).optional(),
    /** document only: the name the customer sees. */
    filename: z.string().min(1).max(240).optional(),
  })
  .refine(exactlyOneRef, refMessage)
  .refine((m) => m.caption === undefined || ['image', 'video', 'document'].includes(m.kind), {
    message: 'only images, videos and documents take a caption',
  })
  .refine((m) => m.filename === undefined || m.kind === 'document', {
    message: 'only documents take a filename',
  })

export const locationContentSchema = z.strictObject({
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().max(1000).optional(),
  address: z.string().max(1000).optional(),
})

const contactCardSchema = z.strictObject({
  name: z.strictObject({
    formattedName: z.string().trim().min(1).max(500),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
  }),
  phones: z
    .array(
      z.strictObject({
        phone: z.string().min(1).max(40),
        /** HOME, WORK, CELL, MAIN, IPHONE… */
        type: z.string().max(20).optional(),
        waId: z
          .string()
          .regex(/^\d{5,20}$/)
          .optional(),
      }),
    )
    .max(20)
    .optional(),
  emails: z
    .array(z.strictObject({ email: z.string().max(320), type: z.string().max(20).optional() }))
    .max(20)
    .optional(),
  organization: z
    .strictObject({
      company: z.string().max(200).optional(),
      department: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
    })
    .optional(),
  urls: z
    .array(z.strictObject({ url: z.string().max(2000), type: z.string().max(20).optional() }))
    .max(20)
    .optional(),
})
export type ContactCard = z.infer<typeof contactCardSchema>

export const contactsContentSchema = z.strictObject({
  type: z.literal('contacts'),
  contacts: z.array(contactCardSchema).min(1).max(20),
})

const interactiveText = {
  /** A text header (max 60). */
  header: z.string().max(60).optional(),
  body: z.string().trim().min(1).max(1024),
  footer: z.string().max(60).optional(),
}

export const interactiveSchema = z.discriminatedUnion('type', [
  /** Up to 3 reply buttons. */
  z.strictObject({
    type: z.literal('button'),
    ...interactiveText,
    buttons: z
      .array(z.strictObject({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
      .min(1)
      .max(3),
  }),
  /** A list: a button opening up to 10 rows in sections. */
  z.strictObject({
    type: z.literal('list'),
    ...interactiveText,
    buttonText: z.string().min(1).max(20),
    sections: z
      .array(
        z.strictObject({
          title: z.string().max(24).optional(),
          rows: z
            .array(
              z.strictObject({
                id: z.string().min(1).max(200),
                title: z.string().min(1).max(24),
                description: z.string().max(72).optional(),
              }),
            )
            .min(1)
            .max(10),
        }),
      )
      .min(1)
      .max(10),
  }),
  /** A call-to-action button opening a URL. */
  z.strictObject({
    type: z.literal('cta_url'),
    ...interactiveText,
    displayText: z.string().min(1).max(20),
    url: z.url({ protocol: /^https?$/ }).max(2000),
  }),
])
export type Interactive = z.infer<typeof interactiveSchema>

export const interactiveContentSchema = z.strictObject({
  type: z.literal('interactive'),
  interactive: interactiveSchema,
})

export const reactionContentSchema = z.strictObject({
  type: z.literal('reaction'),
  /** The message reacted to (the store's id; it must have a wamid). */
  messageId,
  /** One emoji; "" removes the business's reaction. */
  emoji: z.string().max(16),
})

/** A value for one placeholder: `name` is "1", "2"… (positional) or the parameter name (named). */
export const templateParamValueSchema = z.strictObject({
  name: z.string().min(1).max(100),
  value: z.string().min(1).max(1024),
})

export const templateHeaderValueSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), values: z.array(templateParamValueSchema).max(1) }),
  z
    .strictObject({
      type: z.enum(['image', 'video', 'document']),
      ...mediaRef,
      filename: z.string().min(1).max(240).optional(),
    })
    .refine(exactlyOneRef, refMessage),
  z.strictObject({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1000).optional(),
    address: z.string().max(1000).optional(),
  }),
])

export const templateContentSchema = z.strictObject({
  type: z.literal('template'),
  name: z.string().min(1).max(512),
  /** Meta's language code, e.g. en_US. */
  language: z.string().min(2).max(15),
  header: templateHeaderValueSchema.optional(),
  body: z.array(templateParamValueSchema).max(100).optional(),
  /** A URL button's suffix, a quick reply's payload, a copy-code button's code, by button index. */
  buttons: z
    .array(
      z.strictObject({
        index: z.number().int().min(0).max(9),
        value: z.string().min(1).max(2000),
      }),
    )
    .max(10)
    .optional(),
})

export const sendContentSchema = z.discriminatedUnion('type', [
  textContentSchema,
  mediaContentSchema,
  locationContentSchema,
  contactsContentSchema,
  interactiveContentSchema,
  reactionContentSchema,
  templateContentSchema,
])
export type SendContent = z.infer<typeof sendContentSchema>
