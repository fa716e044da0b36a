import type { InboundMessage, SenderContact, WebhookError } from '@shared/whatsapp/webhook-schema'
import { numericId, sha256Base64, wamid } from '../ids'
import { completeErrors, inboundEntry, type WebhookEntryInput } from '../webhooks/payloads'
import { NUMBER_CHANGES, type InboundInput } from './inbound-input'

/**
 * Inbound customer messages, from the control API's body to Meta's webhook shapes
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages):
 *   parseInboundInput(body: unknown) → {ok:true, input} | {ok:false, error}   (zod, for a 400)
 *   buildInboundMessage(input, deps)  → {contact, message}  (contact null: no `contacts` in the value)
 *   buildInboundEntry(phone, input, deps) → {entry (for dispatcher.enqueue), wamid, message}
 * Verbatim: every field the caller gives goes out unchanged; the sandbox sets `id` (a wamid),
 * `timestamp` and `from` (the customer's number), and fills only fields Meta always sends that a
 * compact body left out — media id/sha256/MIME type/url (only for media given without an `id`),
 * reply `context.from` (the business number), the ad referral's fields (when its source is not
 * given), a contact card's `formatted_name`, a quick reply's `payload`, system bodies, the
 * `identity` of customer_identity_changed and the 131051 `errors` of an unsupported message.
 */

export { parseInboundInput, type InboundInput, type InboundInputBody } from './inbound-input'

type Obj = Record<string, unknown>

export interface InboundDeps {
  clock: { unixSeconds(): string }
  /** The business number the customer writes to (digits), for `context.from` of replies. */
  businessDisplayPhoneNumber: string
  random?: () => number
  /** Stores a placeholder file for media given without an id; without it ids are made up. */
  createMedia?: (
    type: string,
    mime: string,
    filename: string | null,
  ) => { id: string; sha256: string }
  /** Inbound media webhooks carry a download `url` since Nov 2025; null = omit it. */
  mediaUrl?: (mediaId: string) => string | null
}

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'audio', 'video', 'document', 'sticker'])

/** The MIME type Meta reports for a kind when the caller names none. */
export function defaultMediaMime(type: string, voice: boolean): string {
  switch (type) {
    case 'audio':
      // Voice notes arrive as Opus in Ogg, and Meta writes the codec into the MIME type.
      return voice ? 'audio/ogg; codecs=opus' : 'audio/mpeg'
    case 'video':
      return 'video/mp4'
    case 'document':
      return 'application/pdf'
    case 'sticker':
      return 'image/webp'
    default:
      return 'image/jpeg'
  }
}

/** A media object given with an `id` is Meta's and goes out as is; without one it is completed. */
function media(type: string, given: Obj | undefined, deps: InboundDeps): Obj {
  if (given?.id !== undefined) return given
  const voice = given?.voice === true
  const mime =
    typeof given?.mime_type === 'string' ? given.mime_type : defaultMediaMime(type, voice)
  const filename =
    type === 'document'
      ? typeof given?.filename === 'string'
        ? given.filename
        : 'document.pdf'
      : null
  const stored = deps.createMedia?.(type, mime, filename) ?? {
    id: numericId(16, deps.random),
    sha256: sha256Base64(),
  }
  const url = given?.url ?? deps.mediaUrl?.(stored.id) ?? null
  return {
    ...(filename === null ? {} : { filename }),
    ...(type === 'audio' ? { voice } : {}),
    ...(type === 'sticker' ? { animated: false } : {}),
    ...given,
    mime_type: mime,
    sha256: given?.sha256 ?? stored.sha256,
    id: stored.id,
    ...(url === null ? {} : { url }),
  }
}

/** A referral naming its source is Meta's; otherwise realistic values fill what is missing. */
function referral(given: Obj, random: () => number): Obj {
  if (given.source_url && given.source_id && given.source_type) return given
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  const video = given.media_type === 'video'
  return {
    source_url: 'https://fb.me/3cr4Wqqkv',
    source_id: `12022${digits(13)}`,
    source_type: 'ad',
    body: 'Limited offer: 20% off this week',
    headline: 'Chat with us on WhatsApp',
    media_type: 'image',
    ...(video
      ? { video_url: 'https://video.xx.fbcdn.net/v/t42.1790-2/ad.mp4' }
      : { image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad.png' }),
    thumbnail_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/thumb.png',
    ctwa_clid: `Aff${digits(40)}`,
    ...given,
  }
}

function contactCard(card: Obj): Obj {
  const name = card.name as Obj
  if (typeof name.formatted_name === 'string') return card
  const composed = [name.first_name, name.last_name].filter(Boolean).join(' ')
  return { ...card, name: { ...name, formatted_name: composed || 'Contact' } }
}

function systemObject(input: InboundInput, given: Obj): Obj {
  if (typeof given.body === 'string') return given
  const type = given.type as string
  if (NUMBER_CHANGES.has(type)) {
    const who = input.profile_name ?? 'A'
    return { body: `User ${who} changed from ${input.from} to ${String(given.wa_id)}`, ...given }
  }
  if (type === 'user_changed_user_id') {
    const previous = given.previous_user_id ?? input.user_id ?? 'unknown'
    const body = `User changed from ${String(previous)} to ${String(given.user_id)}`
    return { body, ...given, previous_user_id: previous }
  }
  if (type === 'customer_identity_changed') return { body: 'User identity changed', ...given }
  return given
}

const UNSUPPORTED_ERROR: WebhookError = {
  code: 131051,
  title: 'Message type unknown',
  message: 'Message type unknown',
  error_data: { details: 'Message type is currently not supported.' },
}

/** Fills what Meta always sends with this type but the caller left out. */
function completeType(input: InboundInput, fields: Obj, deps: InboundDeps, timestamp: string): Obj {
  const type = input.type
  const own = fields[type] as Obj | undefined
  if (MEDIA_TYPES.has(type)) return { [type]: media(type, own, deps) }
  switch (type) {
    case 'contacts':
      return { contacts: (fields.contacts as Obj[]).map(contactCard) }
    case 'button':
      return { button: { payload: own?.text, ...own } }
    case 'order':
      return { order: { text: '', ...own } }
    case 'system':
      return {
        system: systemObject(input, own as Obj),
        ...((own as Obj).type === 'customer_identity_changed' && fields.identity === undefined
          ? {
              identity: {
                acknowledged: true,
                created_timestamp: timestamp,
                hash: sha256Base64().slice(0, 12),
              },
            }
          : {}),
      }
    case 'unsupported':
      return {
        ...(fields.errors === undefined ? { errors: [UNSUPPORTED_ERROR] } : {}),
        unsupported: own ?? { type: 'poll_creation' },
      }
    default:
      return {}
  }
}

function senderContact(input: InboundInput): SenderContact | null {
  if (input.contact === null) return null
  const system = input.type === 'system' ? ((input.system as Obj).type as string) : null
  // Meta's number-change and user-id-change examples carry no contacts[].
  const bare = system !== null && (NUMBER_CHANGES.has(system) || system === 'user_changed_user_id')
  if (bare && input.contact === undefined) return null
  const given = input.contact ?? {}
  return {
    profile: given.profile ?? { name: input.profile_name ?? 'WhatsApp User' },
    wa_id: input.from,
    ...(input.user_id ? { user_id: input.user_id } : {}),
    ...given,
  }
}

export function buildInboundMessage(
  input: InboundInput,
  deps: InboundDeps,
): { contact: SenderContact | null; message: InboundMessage } {
  const timestamp = deps.clock.unixSeconds()
  const id = wamid(input.from, { inbound: true, random: deps.random })
  const {
    phone_number_id: _phone,
    from: _from,
    profile_name: _name,
    user_id: _userId,
    contact: _contact,
    value_errors: _errors,
    id: _id,
    timestamp: _timestamp,
    ...fields
  } = input as InboundInput & Obj
  const context = fields.context as Obj | undefined
  if (context?.id !== undefined && context.from === undefined) {
    fields.context = { from: deps.businessDisplayPhoneNumber, ...context }
  }
  if (fields.referral)
    fields.referral = referral(fields.referral as Obj, deps.random ?? Math.random)
  const system = input.type === 'system' ? (fields.system as Obj).type : null
  const message = {
    // The user-id change example has no `from`.
    ...(system === 'user_changed_user_id' ? {} : { from: input.from }),
    id,
    timestamp,
    ...fields,
    ...completeType(input, fields, deps, timestamp),
  } as InboundMessage
  return { contact: senderContact(input), message }
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
  const errors = input.value_errors ? completeErrors(input.value_errors) : undefined
  const entry = inboundEntry(phone.wabaId, phone, contact, message, errors)
  return { entry, wamid: message.id, message }
}
