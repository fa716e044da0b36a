import { z } from 'zod'
import { noInput, type ChannelDef } from './domain'
import { conversationRowSchema, messageRowSchema } from './messaging'
import type { ChannelsOf, EventsOf } from './names'
import type { outboxNames } from './outbox.names'
import { mediaKindSchema, messageIdSchema as messageId, sendContentSchema } from './send-content'

export * from './send-content'

/**
 * Sending (issue #9): every send is persisted in the outbox first (idempotency key unique), then a
 * worker sends it under Meta's limits (per-number throughput, pair rate), retries what can be
 * retried and fails terminally with Meta's reason. The message row (messaging.ts) appears at once
 * with status `pending`; Meta's acceptance makes it `accepted`, statuses then come by webhook.
 * Templates are synced from and created at the client's WABA; inbound media is downloaded into the
 * data directory and shown through `media:get`. docs/messaging.md ("Sending") has the rules.
 *
 * Ids: `messageId` / `conversationId` are the store's integers (messaging.ts); `outboxId` is the
 * outbox row's id, also sent to Meta as `biz_opaque_callback_data`.
 */

const isoTime = z.string()
const conversationId = z.number().int().positive()
const clientId = z.string().min(1).max(100)
/** Meta's phone number id (digits). */
const phoneNumberId = z.string().regex(/^\d{1,30}$/, 'digits only')
/** A customer's number: digits with an optional +, as Meta takes it in `to`. */
const waId = z.string().regex(/^\+?\d{5,20}$/, 'a phone number in international format (digits)')

// ---------------------------------------------------------------------------------------------
// The outbox

/**
 * - queued: persisted, waiting for its turn (limits, backoff: `nextAttemptAt`);
 * - sending: handed to Meta, answer not recorded yet (after a crash: waiting for the status
 *   webhook that carries its outbox id, never re-sent blindly);
 * - sent: Meta accepted it (the message row has its wamid);
 * - failed: Meta refused it, or retries ran out, or it could not be confirmed (`error` says which);
 *   `messages:retry` queues it again;
 * - cancelled: the agent withdrew it before it left (its message row is removed).
 */
export const outboxStateSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled'])
export type OutboxState = z.infer<typeof outboxStateSchema>

export const outboxErrorSchema = z.object({
  /** Meta's error code (131047, 130429…), or null for a local or network failure. */
  code: z.number().int().nullable(),
  /** Meta's title for the code (error-codes.ts), or a short local title. */
  title: z.string(),
  /** Meta's message and details, as Meta gave them. */
  message: z.string(),
  /** What the agent can do. */
  fix: z.string().nullable(),
  /** Whether `messages:retry` can help. */
  retryable: z.boolean(),
})
export type OutboxError = z.infer<typeof outboxErrorSchema>

export const outboxEntrySchema = z.object({
  outboxId: z.string(),
  /** The message row; null once cancelled (the row is removed). */
  messageId: messageId.nullable(),
  conversationId,
  clientId: z.string().nullable(),
  phoneNumberId: z.string(),
  /** Who it goes to (wa_id, or BSUID for a username user). */
  to: z.string(),
  type: z.string(),
  state: outboxStateSchema,
  attempts: z.number().int().nonnegative(),
  /** When the worker takes it next (queued); null otherwise. */
  nextAttemptAt: isoTime.nullable(),
  error: outboxErrorSchema.nullable(),
  wamid: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>

export const sendResultSchema = z.object({
  message: messageRowSchema.nullable(),
  outbox: outboxEntrySchema,
  /** True when this idempotency key was used before: nothing new was queued. */
  duplicate: z.boolean(),
})
export type SendResult = z.infer<typeof sendResultSchema>

export const sendInputSchema = z
  .strictObject({
    /** An existing conversation… */
    conversationId: conversationId.optional(),
    /** …or a client (its number) and the customer's number. */
    clientId: clientId.optional(),
    to: waId.optional(),
    /** A uuid the renderer makes per send: the same key twice queues one message. */
    idempotencyKey: z.uuid(),
    content: sendContentSchema,
    /** The message replied to (the store's id; quoted as `context`). Not for reactions. */
    replyTo: messageId.optional(),
  })
  .refine(
    (v) =>
      v.conversationId !== undefined
        ? v.clientId === undefined && v.to === undefined
        : v.clientId !== undefined && v.to !== undefined,
    { message: 'give conversationId, or clientId and to' },
  )
export type SendInput = z.input<typeof sendInputSchema>

// ---------------------------------------------------------------------------------------------
// Templates

/** One placeholder of a template: `name` is "1", "2"… or the named parameter; Meta's example. */
export const templateParamSchema = z.object({
  name: z.string(),
  example: z.string().nullable(),
})

/** What the parameter form needs, parsed from the template's components. */
export const templateFormSchema = z.object({
  header: z
    .object({
      format: z.enum(['text', 'image', 'video', 'document', 'location']),
      /** The header text (format text). */
      text: z.string().nullable(),
      params: z.array(templateParamSchema),
    })
    .nullable(),
  body: z.object({ text: z.string(), params: z.array(templateParamSchema) }).nullable(),
  footer: z.string().nullable(),
  buttons: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      /** Meta's button type, lowercase: quick_reply, url, phone_number, copy_code, otp, flow… */
      type: z.string(),
      text: z.string().nullable(),
      url: z.string().nullable(),
      /** URL buttons with a {{1}} suffix take one value; copy_code takes the code. */
      params: z.array(templateParamSchema),
    }),
  ),
})
export type TemplateForm = z.infer<typeof templateFormSchema>

export const templateRowSchema = z.object({
  id: z.number().int().positive(),
  clientId: z.string(),
  wabaId: z.string(),
  /** Meta's template id (null until Meta answered the creation). */
  metaId: z.string().nullable(),
  name: z.string(),
  language: z.string(),
  /** MARKETING, UTILITY, AUTHENTICATION. */
  category: z.string(),
  /** Meta's review status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, … (as Meta says it). */
  status: z.string(),
  /** Why Meta rejected, paused or disabled it. */
  reason: z.string().nullable(),
  parameterFormat: z.enum(['positional', 'named']),
  /** Meta's components, as stored at Meta. */
  components: z.array(z.record(z.string(), z.unknown())),
  form: templateFormSchema,
  /** Only APPROVED templates can be sent. */
  sendable: z.boolean(),
  updatedAt: isoTime,
})
export type TemplateRow = z.infer<typeof templateRowSchema>

export const templateListSchema = z.object({
  templates: z.array(templateRowSchema),
  /** When the list was last synced from the WABA; null: never (call templates:sync). */
  syncedAt: isoTime.nullable(),
})

// ---------------------------------------------------------------------------------------------
// Media

/** The largest upload: Meta's limit for video and audio (16 MB); larger documents go by link. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024

export const mediaViewSchema = z.object({
  /**
   * - stored: downloaded (or uploaded from here) and checked; `url` shows it;
   * - pending: queued or downloading (a `media:changed` event follows);
   * - failed: the last try failed, it is retried at `nextAttemptAt` (never given up);
   * - none: the message has no media.
   */
  state: z.enum(['stored', 'pending', 'failed', 'none']),
  /** A URL the renderer can load (app:// in Electron, an authenticated path in browser mode). */
  url: z.string().nullable(),
  mimeType: z.string().nullable(),
  filename: z.string().nullable(),
  size: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
})
export type MediaView = z.infer<typeof mediaViewSchema>

export const outboxChannels = {
  /**
   * Queues a message: persisted first (the same `idempotencyKey` again returns the first one with
   * `duplicate: true`), then sent by the worker. Refused at once (nothing queued) when free-form
   * content is sent outside the 24 h customer service window (templates only then), when the
   * client is paused or offboarded, or when a reply/reaction target has no wamid.
   */
  'messages:send': { input: sendInputSchema, output: sendResultSchema },
  /**
   * Sends Meta's read receipt for the newest inbound message (the customer sees blue ticks for it
   * and every earlier one) and resets the local unread count. `receiptFor`: the wamid marked, or
   * null when there was nothing inbound to mark.
   */
  'messages:mark-read': {
    input: z.strictObject({ conversationId }),
    output: z.object({ conversation: conversationRowSchema, receiptFor: z.string().nullable() }),
  },
  /** A failed outbox message is queued again (same outbox id; its attempts start over). */
  'messages:retry': {
    input: z.strictObject({ messageId }),
    output: outboxEntrySchema,
  },
  /** A queued or failed outbox message is withdrawn (CONFLICT once Meta has it). */
  'messages:cancel': {
    input: z.strictObject({ messageId }),
    output: outboxEntrySchema,
  },
  /** Outbox rows, newest first: by conversation, by message, or by state (e.g. failed ones). */
  'outbox:list': {
    input: z
      .strictObject({
        conversationId: conversationId.optional(),
        messageIds: z.array(messageId).min(1).max(500).optional(),
        states: z.array(outboxStateSchema).min(1).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .optional()
      .default({}),
    output: z.object({ items: z.array(outboxEntrySchema) }),
  },
  /** Per-number throughput: the default (Meta's 80 mps) and numbers set otherwise. */
  'outbox:settings': {
    input: noInput,
    output: z.object({
      defaultMps: z.number().int().positive(),
      numbers: z.array(z.object({ phoneNumberId: z.string(), mps: z.number().int().positive() })),
    }),
  },
  /** Messages per second the outbox may send from a number (1–1,000: Meta's upgraded maximum). */
  'outbox:set-throughput': {
    input: z.strictObject({ phoneNumberId, mps: z.number().int().min(1).max(1000) }),
    output: z.object({ phoneNumberId: z.string(), mps: z.number().int().positive() }),
  },
  /** The client's templates as last synced (or created here), newest first. */
  'templates:list': {
    input: z.strictObject({ clientId }),
    output: templateListSchema,
  },
  /** Fetches every template of the client's WABA from Meta, then lists them. */
  'templates:sync': {
    input: z.strictObject({ clientId }),
    output: templateListSchema,
  },
  /**
   * Creates and submits a template for review (status PENDING; the review's outcome arrives by
   * webhook and raises `templates:changed`). `components` are Meta's, with examples.
   * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview
   */
  'templates:create': {
    input: z.strictObject({
      clientId,
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and underscores'),
      language: z.string().min(2).max(15),
      category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
      parameterFormat: z.enum(['positional', 'named']).optional(),
      components: z.array(z.record(z.string(), z.unknown())).min(1).max(10),
    }),
    output: templateRowSchema,
  },
  /**
   * Uploads a file to Meta for the client's number; send it with `{type:'media', mediaId}`. Bytes
   * as base64 (both transports), at most MAX_UPLOAD_BYTES decoded; the type must be one Meta takes.
   */
  'media:upload': {
    input: z.strictObject({
      clientId,
      filename: z.string().min(1).max(240),
      mimeType: z.string().min(3).max(100),
      dataBase64: z
        .string()
        .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    }),
    output: z.object({
      mediaId: z.string(),
      kind: mediaKindSchema,
      mimeType: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string(),
    }),
  },
  /** Where the renderer can load a message's media (inbound: downloaded; outbound: uploaded here). */
  'media:get': {
    input: z.strictObject({ messageId }),
    output: mediaViewSchema,
  },
} as const satisfies Record<ChannelsOf<typeof outboxNames>, ChannelDef>

export const outboxEvents = {
  /** Outbox rows changed state (queued, sending, sent, failed, cancelled). */
  'outbox:changed': z.object({
    items: z.array(
      z.object({
        outboxId: z.string(),
        messageId: messageId.nullable(),
        conversationId,
        state: outboxStateSchema,
        error: outboxErrorSchema.nullable(),
      }),
    ),
  }),
  /** A client's templates changed (sync, creation, a review status by webhook). */
  'templates:changed': z.object({ clientId: z.string(), templateIds: z.array(z.number().int()) }),
  /** Media of these messages was stored (or failed a try): call media:get again. */
  'media:changed': z.object({ messageIds: z.array(messageId) }),
} as const satisfies Record<EventsOf<typeof outboxNames>, z.ZodType>
