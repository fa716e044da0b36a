import { z } from 'zod'
import {
  contextSchema,
  referralSchema,
  sharedContactSchema,
  webhookErrorSchema,
} from '@shared/whatsapp/webhook-schema'

/**
 * What `POST /_sandbox/customers/messages` takes: a message object exactly as Meta's `messages`
 * webhook carries it
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages),
 * beside the control fields that say who writes to which number:
 *   phone_number_id, from                 the business number written to; the customer's wa_id
 *   profile_name?, user_id?, contact?     the sender, as in `value.contacts[0]`
 *   value_errors?                         `value.errors` delivered beside the message
 * Every other field belongs to the message and passes through untouched (objects are loose).
 * `id` and `timestamp` belong to the sandbox: accepted, so a captured message can be pasted, and
 * replaced. Known types are checked for the fields the sandbox cannot invent (a text's body, a
 * reaction's message id…); everything a compact body leaves out is filled by inbound.ts. Any
 * other `type` (request_welcome, or one Meta adds later) is accepted with its fields as given.
 */

const waId = z
  .string()
  .transform((s) => s.replace(/^\+/, ''))
  .pipe(z.string().regex(/^\d{5,15}$/, 'must be a phone number with country code, digits only'))

const control = {
  phone_number_id: z.string().min(1),
  /** The customer's number; a leading + is tolerated and dropped. */
  from: waId,
  profile_name: z.string().min(1).max(256).optional(),
  /** Business-scoped user id (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids). */
  user_id: z
    .string()
    .regex(/^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/)
    .optional(),
  /** The sender as in `value.contacts[0]`, verbatim (`null`: no `contacts` in the value). */
  contact: z
    .looseObject({
      profile: z
        .looseObject({ name: z.string().optional(), username: z.string().optional() })
        .optional(),
      wa_id: z.string().optional(),
      user_id: z.string().optional(),
    })
    .nullable()
    .optional(),
  value_errors: z.array(webhookErrorSchema).min(1).optional(),
  id: z.unknown().optional(),
  timestamp: z.unknown().optional(),
}

const common = {
  ...control,
  context: contextSchema.optional(),
  /** A click-to-WhatsApp ad; fields left out get realistic values (inbound.ts). */
  referral: referralSchema.partial().optional(),
  errors: z.array(webhookErrorSchema).optional(),
  identity: z.looseObject({}).optional(),
}

const media = z.looseObject({
  id: z.string().min(1).optional(),
  mime_type: z.string().min(3).optional(),
  sha256: z.string().min(8).optional(),
  url: z.string().optional(),
})

const coordinate = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
])

const replies: Record<string, z.ZodType> = {
  button_reply: z.looseObject({ id: z.string().min(1), title: z.string().min(1) }),
  list_reply: z.looseObject({ id: z.string().min(1), title: z.string().min(1) }),
  nfm_reply: z.looseObject({ response_json: z.string() }),
}

/** Any interactive kind passes; the reply kinds the sandbox knows must carry their fields. */
const interactive = z.looseObject({ type: z.string().min(1) }).superRefine((value, ctx) => {
  // Own keys only: an interactive type named "constructor" must not find Object.prototype's.
  const schema = Object.hasOwn(replies, value.type) ? replies[value.type] : undefined
  if (!schema) return
  const result = schema.safeParse((value as Record<string, unknown>)[value.type])
  if (result.success) return
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: [value.type, ...issue.path] })
  }
})

/** System messages announcing a new number (Meta's older name first). */
export const NUMBER_CHANGES: ReadonlySet<string> = new Set([
  'customer_changed_number',
  'user_changed_number',
])

const system = z
  .looseObject({
    type: z.string().min(1),
    body: z.string().optional(),
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (NUMBER_CHANGES.has(value.type) && !/^\d{5,15}$/.test(value.wa_id ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'the new number (digits)', path: ['wa_id'] })
    }
    if (value.type === 'user_changed_user_id' && !value.user_id) {
      ctx.addIssue({ code: 'custom', message: 'the new user id', path: ['user_id'] })
    }
  })

/** Meta's contact card, except that `formatted_name` may be left out (inbound.ts composes it). */
const contactCard = sharedContactSchema.extend({
  name: sharedContactSchema.shape.name.partial({ formatted_name: true }),
})

const typed = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.looseObject({ ...common, type: z.literal(type), ...shape })

export const KNOWN_INPUT_SCHEMAS = {
  text: typed('text', { text: z.looseObject({ body: z.string().min(1).max(65_536) }) }),
  image: typed('image', { image: media.optional() }),
  video: typed('video', { video: media.optional() }),
  document: typed('document', { document: media.optional() }),
  audio: typed('audio', { audio: media.extend({ voice: z.boolean().optional() }).optional() }),
  sticker: typed('sticker', {
    sticker: media.extend({ animated: z.boolean().optional() }).optional(),
  }),
  location: typed('location', {
    location: z.looseObject({ latitude: coordinate, longitude: coordinate }),
  }),
  contacts: typed('contacts', { contacts: z.array(contactCard).min(1) }),
  // Optional only beside value-level errors: Meta's 131000 "Unsupported webhook payload" case.
  interactive: typed('interactive', { interactive: interactive.optional() }).refine(
    (m) => m.interactive !== undefined || m.value_errors !== undefined,
    { message: 'Required (it may be left out only beside value_errors)', path: ['interactive'] },
  ),
  button: typed('button', {
    button: z.looseObject({ text: z.string().min(1), payload: z.string().optional() }),
  }),
  reaction: typed('reaction', {
    // An empty or absent `emoji` removes the reaction.
    reaction: z.looseObject({ message_id: z.string().min(1), emoji: z.string().optional() }),
  }),
  order: typed('order', {
    order: z.looseObject({
      catalog_id: z.string().min(1),
      product_items: z
        .array(
          z.looseObject({
            product_retailer_id: z.string().min(1),
            quantity: z.number().int().positive(),
            item_price: z.number().nonnegative(),
            currency: z.string().length(3),
          }),
        )
        .min(1),
    }),
  }),
  system: typed('system', { system }),
  unsupported: typed('unsupported', {
    unsupported: z.looseObject({ type: z.string().min(1) }).optional(),
  }),
}
type Known = typeof KNOWN_INPUT_SCHEMAS
export type KnownInputType = keyof Known

const KNOWN: ReadonlySet<string> = new Set(Object.keys(KNOWN_INPUT_SCHEMAS))

/** A type the sandbox does not model (e.g. `request_welcome`): its fields go out as given. */
const otherSchema = z.looseObject({
  ...common,
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a message type name')
    .refine((t) => !KNOWN.has(t)),
})

export type InboundInput =
  { [K in KnownInputType]: z.infer<Known[K]> }[KnownInputType] | z.infer<typeof otherSchema>
/** What a caller may send (before transforms). */
export type InboundInputBody =
  { [K in KnownInputType]: z.input<Known[K]> }[KnownInputType] | z.input<typeof otherSchema>

/** `__proto__` as a key would reach an object's prototype when copied; Meta never sends it. */
export function protoKeyPath(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, '']]
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string]
    if (typeof value !== 'object' || value === null) continue
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key
      if (key === '__proto__') return at
      stack.push([(value as Record<string, unknown>)[key], at])
    }
  }
  return null
}

export function parseInboundInput(
  body: unknown,
): { ok: true; input: InboundInput } | { ok: false; error: string } {
  const proto = protoKeyPath(body)
  if (proto) return { ok: false, error: `${proto}: this key is not allowed` }
  const type = (body as { type?: unknown } | null)?.type
  const schema =
    typeof type === 'string' && KNOWN.has(type)
      ? KNOWN_INPUT_SCHEMAS[type as KnownInputType]
      : otherSchema
  const parsed = schema.safeParse(body)
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) }
  const input = parsed.data as InboundInput
  const contactWaId = input.contact?.wa_id
  if (contactWaId !== undefined && contactWaId !== input.from) {
    return { ok: false, error: `contact.wa_id: must be the number in from (${input.from})` }
  }
  return { ok: true, input }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ')
}
