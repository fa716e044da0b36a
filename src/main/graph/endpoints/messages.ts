import { z } from 'zod'
import type { GraphClient } from '../graph-client'

type Media = { id: string; link?: never } | { link: string; id?: never }

/** The send types of https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages. `to` is the customer's number (digits, optional +). */
export type OutboundMessage = {
  to: string
  context?: { message_id: string }
  biz_opaque_callback_data?: string
} & (
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'image'; image: Media & { caption?: string } }
  | { type: 'video'; video: Media & { caption?: string } }
  | { type: 'audio'; audio: Media }
  | { type: 'sticker'; sticker: Media }
  | { type: 'document'; document: Media & { caption?: string; filename?: string } }
  | {
      type: 'location'
      location: {
        latitude: number | string
        longitude: number | string
        name?: string
        address?: string
      }
    }
  | { type: 'contacts'; contacts: Record<string, unknown>[] }
  | {
      type: 'interactive'
      interactive: Record<string, unknown> & { type: 'button' | 'list' | 'cta_url' }
    }
  | {
      type: 'template'
      template: { name: string; language: { code: string }; components?: Record<string, unknown>[] }
    }
  | { type: 'reaction'; reaction: { message_id: string; emoji: string } }
)

const sendResultSchema = z
  .object({
    messaging_product: z.literal('whatsapp'),
    contacts: z.array(z.object({ input: z.string(), wa_id: z.string() }).passthrough()).default([]),
    messages: z
      .array(
        z
          .object({
            id: z.string(),
            message_status: z.string().optional(),
            group_id: z.string().optional(),
          })
          .passthrough(),
      )
      .min(1),
  })
  .passthrough()
export type SendResult = z.infer<typeof sendResultSchema>

const success = z.object({ success: z.boolean() }).passthrough()

/** Sending, read receipts and typing indicators (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read, https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages). */
export function messageEndpoints(graph: GraphClient) {
  return {
    /**
     * Meta accepted the message (not delivered: statuses come by webhook). Not idempotent: Meta has
     * no idempotency key, so a lost answer is surfaced (`maybeDelivered`) rather than re-sent.
     */
    send(
      wabaId: string,
      phoneNumberId: string,
      message: OutboundMessage,
      timeoutMs?: number,
    ): Promise<SendResult> {
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/messages`,
        json: { messaging_product: 'whatsapp', recipient_type: 'individual', ...message },
        token: { kind: 'business', wabaId },
        schema: sendResultSchema,
        endpoint: 'messages',
        idempotent: false,
        ...(timeoutMs ? { timeoutMs } : {}),
      })
    },

    /** Marks a received message (and earlier ones) read; optionally shows "typing…" for up to 25 s. */
    markRead(wabaId: string, phoneNumberId: string, messageId: string, typing = false) {
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/messages`,
        json: {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: messageId,
          ...(typing ? { typing_indicator: { type: 'text' } } : {}),
        },
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'messages',
        idempotent: true,
      })
    },
  }
}
