import type { InboundMessage, SenderContact } from '@shared/whatsapp/webhook-schema'
import { numericId, sha256Base64, wamid } from '../ids'
import { inboundEntry, type WebhookEntryInput } from '../webhooks/payloads'
import { inboundInputSchema, type InboundInput } from './inbound-input'

/**
 * Inbound customer messages, from the control API's compact input to Meta's webhook shapes
 * (reference §4.4):
 *   parseInboundInput(body: unknown) → {ok:true, input} | {ok:false, error}   (zod, for a 400)
 *   buildInboundMessage(input, deps)  → {contact, message}  (contact null for system messages)
 *   buildInboundEntry(phone, input, deps) → {entry (for dispatcher.enqueue), wamid, message}
 * deps: { clock: {unixSeconds()}, businessDisplayPhoneNumber, random?, mediaUrl?(mediaId) }
 * Defaults filled: wamid, timestamp, media id/sha256/MIME type (`audio/ogg; codecs=opus` for voice),
 * document filename, sticker `animated:false`, audio `voice:false`, 131051 errors for unsupported,
 * reply `context.from` = the business number, ad referral fields.
 */

export { inboundInputSchema, type InboundInput, type InboundInputBody } from './inbound-input'

export interface InboundDeps {
  clock: { unixSeconds(): string }
  /** The business number the customer writes to (digits), for `context.from` of replies. */
  businessDisplayPhoneNumber: string
  random?: () => number
  /** Inbound media webhooks carry a download `url` since Nov 2025 (§2.5); null = omit it. */
  mediaUrl?: (mediaId: string) => string | null
}

export function parseInboundInput(
  body: unknown,
): { ok: true; input: InboundInput } | { ok: false; error: string } {
  const parsed = inboundInputSchema.safeParse(body)
  if (parsed.success) return { ok: true, input: parsed.data }
  const error = parsed.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ')
  return { ok: false, error }
}

const DEFAULT_MIME = {
  image: 'image/jpeg',
  video: 'video/mp4',
  document: 'application/pdf',
  sticker: 'image/webp',
} as const

type MediaFields = { id?: string; mime_type?: string; sha256?: string; url?: string }

function media<T extends MediaFields>(
  given: T | undefined,
  mimeType: string,
  deps: InboundDeps,
): Omit<T, keyof MediaFields> & { id: string; mime_type: string; sha256: string; url?: string } {
  const { id, mime_type, sha256, url, ...rest } = (given ?? {}) as T
  const mediaId = id ?? numericId(16, deps.random)
  const link = url ?? deps.mediaUrl?.(mediaId) ?? null
  return {
    ...(rest as Omit<T, keyof MediaFields>),
    mime_type: mime_type ?? mimeType,
    sha256: sha256 ?? sha256Base64(),
    id: mediaId,
    ...(link ? { url: link } : {}),
  }
}

function referral(given: NonNullable<InboundInput['referral']>, random: () => number) {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  const mediaType = given.media_type ?? 'image'
  return {
    source_url: given.source_url ?? 'https://fb.me/3cr4Wqqkv',
    source_id: given.source_id ?? `12022${digits(13)}`,
    source_type: given.source_type ?? 'ad',
    body: given.body ?? 'Limited offer: 20% off this week',
    headline: given.headline ?? 'Chat with us on WhatsApp',
    media_type: mediaType,
    ...(mediaType === 'image'
      ? { image_url: given.image_url ?? 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad.png' }
      : { video_url: given.video_url ?? 'https://video.xx.fbcdn.net/v/t42.1790-2/ad.mp4' }),
    thumbnail_url: given.thumbnail_url ?? 'https://scontent.xx.fbcdn.net/v/t45.1600-4/thumb.png',
    ctwa_clid: given.ctwa_clid ?? `Aff${digits(40)}`,
    ...(given.welcome_message ? { welcome_message: given.welcome_message } : {}),
  }
}

function typeObject(input: InboundInput, deps: InboundDeps): Record<string, unknown> {
  switch (input.type) {
    case 'text':
      return { text: { body: input.text.body } }
    case 'image':
      return { image: media(input.image, DEFAULT_MIME.image, deps) }
    case 'video':
      return { video: media(input.video, DEFAULT_MIME.video, deps) }
    case 'document': {
      const doc = media(input.document, DEFAULT_MIME.document, deps)
      return { document: { filename: 'document.pdf', ...doc } }
    }
    case 'audio': {
      const voice = input.audio?.voice ?? false
      const mime = voice ? 'audio/ogg; codecs=opus' : 'audio/mpeg'
      return { audio: { ...media(input.audio, mime, deps), voice } }
    }
    case 'sticker':
      return {
        sticker: {
          ...media(input.sticker, DEFAULT_MIME.sticker, deps),
          animated: input.sticker?.animated ?? false,
        },
      }
    case 'location':
      return { location: input.location }
    case 'contacts':
      return {
        contacts: input.contacts.map((c) => ({
          ...c,
          name: {
            ...c.name,
            formatted_name:
              c.name.formatted_name ??
              ([c.name.first_name, c.name.last_name].filter(Boolean).join(' ') || 'Contact'),
          },
        })),
      }
    case 'interactive':
      return { interactive: input.interactive }
    case 'button':
      return {
        button: { payload: input.button.payload ?? input.button.text, text: input.button.text },
      }
    case 'reaction':
      // A removal omits `emoji` entirely (§4.4).
      return {
        reaction: {
          message_id: input.reaction.message_id,
          ...(input.reaction.emoji ? { emoji: input.reaction.emoji } : {}),
        },
      }
    case 'order':
      return {
        order: {
          catalog_id: input.order.catalog_id,
          text: input.order.text ?? '',
          product_items: input.order.product_items,
        },
      }
    case 'system':
      return { system: systemObject(input) }
    case 'unsupported':
      return {
        unsupported: { type: input.unsupported?.type ?? 'poll_creation' },
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      }
  }
}

function systemObject(input: Extract<InboundInput, { type: 'system' }>) {
  const s = input.system
  switch (s.type) {
    case 'user_changed_number':
      return {
        body:
          s.body ?? `User ${input.profile_name ?? 'A'} changed from ${input.from} to ${s.wa_id}`,
        wa_id: s.wa_id,
        type: s.type,
      }
    case 'user_changed_user_id': {
      const previous = s.previous_user_id ?? input.user_id ?? 'unknown'
      return {
        body: s.body ?? `User changed from ${previous} to ${s.user_id}`,
        user_id: s.user_id,
        previous_user_id: previous,
        type: s.type,
      }
    }
    case 'customer_identity_changed':
      return { body: s.body ?? 'User identity changed', type: s.type }
  }
}

export function buildInboundMessage(
  input: InboundInput,
  deps: InboundDeps,
): { contact: SenderContact | null; message: InboundMessage } {
  const timestamp = deps.clock.unixSeconds()
  const id = wamid(input.from, { inbound: true, random: deps.random })
  const context = input.context
    ? {
        ...(input.context.id
          ? { from: deps.businessDisplayPhoneNumber, id: input.context.id }
          : {}),
        ...(input.context.forwarded ? { forwarded: true } : {}),
        ...(input.context.frequently_forwarded ? { frequently_forwarded: true } : {}),
        ...(input.context.referred_product
          ? { referred_product: input.context.referred_product }
          : {}),
      }
    : undefined
  const system = input.type === 'system' ? input.system.type : null
  // The number-change example has no contacts[]; the user-id change has no `from` either.
  const withContact = system === null || system === 'customer_identity_changed'
  const message = {
    ...(system === 'user_changed_user_id' ? {} : { from: input.from }),
    id,
    timestamp,
    ...(context && Object.keys(context).length ? { context } : {}),
    ...(input.referral ? { referral: referral(input.referral, deps.random ?? Math.random) } : {}),
    ...(system === 'customer_identity_changed'
      ? {
          identity: {
            acknowledged: true,
            created_timestamp: timestamp,
            hash: sha256Base64().slice(0, 12),
          },
        }
      : {}),
    type: input.type,
    ...typeObject(input, deps),
  } as InboundMessage
  const contact: SenderContact | null = withContact
    ? {
        profile: { name: input.profile_name ?? 'WhatsApp User' },
        wa_id: input.from,
        ...(input.user_id ? { user_id: input.user_id } : {}),
      }
    : null
  return { contact, message }
}

export function buildInboundEntry(
  phone: { wabaId: string; phoneNumberId: string; displayPhoneNumber: string },
  input: InboundInput,
  deps: Omit<InboundDeps, 'businessDisplayPhoneNumber'>,
): { entry: WebhookEntryInput; wamid: string; message: InboundMessage } {
  const { contact, message } = buildInboundMessage(input, {
    ...deps,
    businessDisplayPhoneNumber: phone.displayPhoneNumber,
  })
  const entry = inboundEntry(phone.wabaId, phone, contact, message)
  return { entry, wamid: message.id, message }
}
