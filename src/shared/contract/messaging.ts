import { z } from 'zod'
import type { ChannelDef } from './domain'
import type { messagingNames } from './messaging.names'
import type { ChannelsOf, EventsOf } from './names'

/**
 * Messaging (issue #9): every webhook applied into conversations per client phone number and
 * contact, the thread of each, full-text search across clients, and the events no client owns.
 * Sending (the outbox, templates, mark-as-read at Meta) lives in its own contract file.
 *
 * Ids: conversations and messages have integer ids (the store's); a message's `wamid` is Meta's id
 * (null only for an outbox row not yet accepted by Meta). Times are ISO 8601 from Meta's
 * timestamps (never the time a webhook arrived, unless Meta's was unreadable).
 * docs/messaging.md describes how webhooks become these records.
 */

const isoTime = z.string()
const conversationId = z.number().int().positive()
const messageId = z.number().int().positive()

/** A client id, or `unassigned` for numbers no onboarded client owns. */
export const clientFilterSchema = z.string().min(1).max(100)
export const UNASSIGNED = 'unassigned'

export const directionSchema = z.enum(['in', 'out'])
export type Direction = z.infer<typeof directionSchema>

/**
 * - received / read (inbound): read once the agent opened the conversation (conversations:mark-read);
 * - pending: an outbox row not yet accepted by Meta (the outbox sets it);
 * - accepted: Meta accepted the send, no status webhook yet;
 * - sent < failed < delivered < read < played: Meta's statuses, folded monotonically
 *   (status-rules.ts); unknown: only a status value this app does not know was received.
 */
export const messageStatusSchema = z.enum([
  'received',
  'pending',
  'accepted',
  'sent',
  'failed',
  'delivered',
  'read',
  'played',
  'unknown',
])
export type MessageStatus = z.infer<typeof messageStatusSchema>

export const contactSchema = z.object({
  id: z.number().int().positive(),
  /** The phone number Meta last reported for the contact (send to this); null for BSUID-only users. */
  waId: z.string().nullable(),
  /** The business-scoped user id Meta last reported, or null. */
  userId: z.string().nullable(),
  profileName: z.string().nullable(),
  username: z.string().nullable(),
  /** What to show: profile name, else username, else +wa_id, else the BSUID. */
  displayName: z.string(),
})
export type Contact = z.infer<typeof contactSchema>

export const messagePreviewSchema = z.object({
  id: messageId,
  direction: directionSchema,
  type: z.string(),
  text: z.string().nullable(),
  status: messageStatusSchema,
  timestamp: isoTime,
})
export type MessagePreview = z.infer<typeof messagePreviewSchema>

export const conversationRowSchema = z.object({
  id: conversationId,
  /** The client owning `phoneNumberId`, or null: a number no onboarded client owns (unassigned). */
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
  /** The client's business number (Meta's phone number id) the conversation is on. */
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  contact: contactSchema,
  unreadCount: z.number().int().nonnegative(),
  lastMessage: messagePreviewSchema.nullable(),
  lastMessageAt: isoTime.nullable(),
  /** Meta's timestamp of the contact's last message (opens the 24 h window). */
  lastInboundAt: isoTime.nullable(),
  /** End of the 24 h customer service window; null if the contact never wrote. Countdown: this − now. */
  windowEndsAt: isoTime.nullable(),
  /** End of the 72 h free entry point window (Click-to-WhatsApp ad), Meta's value when a status gave it. */
  freeEntryEndsAt: isoTime.nullable(),
})
export type ConversationRow = z.infer<typeof conversationRowSchema>

export const conversationDetailSchema = conversationRowSchema.extend({
  /** Every id this contact is known by (`user:<BSUID>`, `wa:<wa_id>`); retired: replaced by a number or user-id change. */
  contactAliases: z.array(z.object({ key: z.string(), retiredAt: isoTime.nullable() })),
  messageCount: z.number().int().nonnegative(),
})
export type ConversationDetail = z.infer<typeof conversationDetailSchema>

export const webhookErrorSchema = z.object({
  code: z.number().nullable(),
  title: z.string().nullable(),
  message: z.string().nullable(),
  details: z.string().nullable(),
})

export const mediaSchema = z.object({
  id: z.string().nullable(),
  url: z.string().nullable(),
  mimeType: z.string().nullable(),
  sha256: z.string().nullable(),
  filename: z.string().nullable(),
  voice: z.boolean().nullable(),
  animated: z.boolean().nullable(),
})

export const locationSchema = z.object({
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  url: z.string().nullable(),
})

export const statusTimesSchema = z.object({
  sent: isoTime.optional(),
  delivered: isoTime.optional(),
  read: isoTime.optional(),
  played: isoTime.optional(),
  failed: isoTime.optional(),
})

export const messageRowSchema = z.object({
  id: messageId,
  wamid: z.string().nullable(),
  conversationId,
  direction: directionSchema,
  /**
   * How the row came to be: webhook (a customer's message), echo (sent from the WhatsApp Business
   * app), status (a status of a message this app did not send: content unknown), outbox (sent here).
   */
  source: z.enum(['webhook', 'echo', 'status', 'outbox']),
  /** Meta's type (text, image, …, reaction, system, unsupported, or a newer one); `unknown` for source status. */
  type: z.string(),
  /** Body, caption, interactive title, button text, order note, system body or location name. */
  text: z.string().nullable(),
  timestamp: isoTime,
  status: messageStatusSchema,
  /** When each status was first reported (Meta's times). */
  statusTimes: statusTimesSchema,
  /** The failure (failed status, or an inbound message's errors such as 131051 unsupported). */
  error: webhookErrorSchema.nullable(),
  /** A delivered/read receipt outranks the failure (shown as delivered, failure kept). */
  failureSuperseded: z.boolean(),
  media: mediaSchema.nullable(),
  location: locationSchema.nullable(),
  /** A reaction message: the wamid reacted to and the emoji (null: reaction removed). */
  reaction: z.object({ messageId: z.string().nullable(), emoji: z.string().nullable() }).nullable(),
  /** The wamid this message replies to (`context.id`). */
  replyTo: z.string().nullable(),
  /** The quoted message when it is in this database. */
  quoted: messagePreviewSchema.extend({ wamid: z.string().nullable() }).nullable(),
  forwarded: z.boolean(),
  /** The current reactions to this message, one per side (the contact's and the business's). */
  reactions: z.array(z.object({ direction: directionSchema, emoji: z.string() })),
  /**
   * The rest of the content, as normalised: interactive, button, contacts, order, system,
   * referral, unsupportedType, context (absent keys: none).
   */
  details: z.record(z.string(), z.unknown()),
  /** The outbox row that sent it (set by the outbox), else null. */
  outboxId: z.string().nullable(),
})
export type MessageRow = z.infer<typeof messageRowSchema>

export const conversationPageSchema = z.object({
  items: z.array(conversationRowSchema),
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: z.string().nullable(),
})
export type ConversationPage = z.infer<typeof conversationPageSchema>

export const messagePageSchema = z.object({
  /** Oldest first (render order), the newest `limit` messages before `before`. */
  items: z.array(messageRowSchema),
  /** Pass as `before` to load older messages; null when there are none. */
  nextBefore: z.string().nullable(),
})
export type MessagePage = z.infer<typeof messagePageSchema>

export const searchHitSchema = z.object({
  messageId,
  conversationId,
  clientId: z.string().nullable(),
  phoneNumberId: z.string(),
  contactName: z.string(),
  direction: directionSchema,
  type: z.string(),
  timestamp: isoTime,
  /** The matching text around the match: segments, `match: true` for the highlighted words. */
  snippet: z.array(z.object({ text: z.string(), match: z.boolean() })),
})
export type SearchHit = z.infer<typeof searchHitSchema>

export const unassignedEventSchema = z.object({
  id: z.number().int().positive(),
  /** The normalised kind (message, status, value_error, template_status, unknown, malformed, …). */
  kind: z.string(),
  /** Why it is here, in words (no client owns the number, unknown field, not JSON, …). */
  reason: z.string(),
  phoneNumberId: z.string().nullable(),
  wabaId: z.string().nullable(),
  field: z.string().nullable(),
  /** Meta's JSON node, exactly as received. */
  raw: z.unknown(),
  /** The relay event that carried it (`npm run inspect -- events`). */
  eventSeq: z.number().int().nullable(),
  receivedAt: isoTime,
})
export type UnassignedEvent = z.infer<typeof unassignedEventSchema>

export const unassignedNumberSchema = z.object({
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  conversations: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  lastMessageAt: isoTime.nullable(),
})

const limit = (max: number) => z.number().int().min(1).max(max).optional()

export const messagingChannels = {
  /**
   * The conversation list, newest activity first (unread ones first with `unreadFirst`), paged by
   * cursor for a virtualized list. `query` matches the contact's name, username, number or BSUID.
   */
  'conversations:list': {
    input: z
      .strictObject({
        /** A client id, or `unassigned`. */
        clientId: clientFilterSchema.optional(),
        query: z.string().trim().max(100).optional(),
        unreadFirst: z.boolean().optional(),
        cursor: z.string().max(200).optional(),
        limit: limit(500),
      })
      .optional()
      .default({}),
    output: conversationPageSchema,
  },
  'conversations:get': {
    input: z.strictObject({ conversationId }),
    output: conversationDetailSchema,
  },
  /** Resets the local unread count (everything up to the newest message is read). */
  'conversations:mark-read': {
    input: z.strictObject({ conversationId }),
    output: conversationRowSchema,
  },
  /** A page of a conversation's thread, oldest first, ending before `before` (newest page when absent). */
  'messages:list': {
    input: z.strictObject({
      conversationId,
      before: z.string().max(200).optional(),
      limit: limit(500),
    }),
    output: messagePageSchema,
  },
  /** Messages by id (after `messages:status-changed`, to refresh just those bubbles). */
  'messages:get': {
    input: z.strictObject({ messageIds: z.array(messageId).min(1).max(500) }),
    output: z.array(messageRowSchema),
  },
  /** Full-text search (FTS5) over message text across clients, best match first. */
  'messages:search': {
    input: z.strictObject({
      query: z.string().trim().min(1).max(200),
      /** A client id, or `unassigned`. */
      clientId: clientFilterSchema.optional(),
      limit: limit(200),
    }),
    output: z.object({ hits: z.array(searchHitSchema) }),
  },
  /** What no client owns: numbers with conversations but no client, and events kept raw. */
  'messaging:unassigned': {
    input: z
      .strictObject({ limit: limit(1000) })
      .optional()
      .default({}),
    output: z.object({
      numbers: z.array(unassignedNumberSchema),
      events: z.array(unassignedEventSchema),
    }),
  },
} as const satisfies Record<ChannelsOf<typeof messagingNames>, ChannelDef>

export const messagingEvents = {
  /**
   * New inbound messages were stored (pushed after the transaction committed; one event per
   * batch). Enough to notify without a fetch.
   */
  'messages:received': z.object({
    messages: z.array(
      z.object({
        messageId,
        conversationId,
        clientId: z.string().nullable(),
        contactName: z.string(),
        type: z.string(),
        text: z.string().nullable(),
        timestamp: isoTime,
      }),
    ),
  }),
  /** Outbound messages whose status changed (or whose row was created from a status or echo). */
  'messages:status-changed': z.object({
    messages: z.array(
      z.object({
        messageId,
        conversationId,
        wamid: z.string().nullable(),
        status: messageStatusSchema,
      }),
    ),
  }),
  /**
   * Conversations whose row changed (new message, unread count, window, contact); `removed`:
   * conversations merged into another (two ids found to be one contact) — drop them.
   */
  'conversations:changed': z.object({
    conversationIds: z.array(conversationId),
    removed: z.array(conversationId),
  }),
} as const satisfies Record<EventsOf<typeof messagingNames>, z.ZodType>
