import { KNOWN_INBOUND_TYPES } from './webhook-message-schema'
import type {
  InteractiveReplyView,
  LocationView,
  MediaView,
  MessageContent,
  OrderView,
  ReferralView,
  ReplyContextView,
  SharedContactView,
  SystemView,
} from './normalise-views'
import { bool, isObject, list, num, obj, str, text } from './normalise-read'

/**
 * What a message object says, read the same way for inbound messages (`messages[]`) and message
 * echoes (`message_echoes[]`, whose content follows the send payloads). Per type:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 * (text, image, audio, video, document, sticker, location, contacts, interactive, button,
 * reaction, order, system, unsupported).
 */

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'audio', 'video', 'document', 'sticker'])
/** Echo-only types (the Business app's revoke and edit) that we know but are not inbound types. */
const ECHO_TYPES: ReadonlySet<string> = new Set(['revoke', 'edit'])
const KNOWN: ReadonlySet<string> = new Set<string>(KNOWN_INBOUND_TYPES)

/** Content of `type` with nothing in it (every field null). */
export const emptyContent = (type: string, knownType: boolean): MessageContent => ({
  type,
  knownType,
  text: null,
  media: null,
  location: null,
  contacts: null,
  reaction: null,
  interactive: null,
  button: null,
  order: null,
  system: null,
  unsupportedType: null,
})

/** Reads the content of a message object (`type: 'unknown'` when it has no type). */
export function messageContent(message: unknown, echo = false): MessageContent {
  const type = str(message, 'type') ?? 'unknown'
  const known = KNOWN.has(type) || (echo && ECHO_TYPES.has(type))
  const content = emptyContent(type, known)
  const body = obj(message, type)

  if (type === 'text') content.text = text(body, 'body')
  else if (MEDIA_TYPES.has(type) && body) {
    content.media = mediaView(body)
    content.text = text(body, 'caption')
  } else if (type === 'location' && body) {
    content.location = locationView(body)
    content.text = str(body, 'name')
  } else if (type === 'contacts') {
    content.contacts = list(message, 'contacts').map(sharedContact)
  } else if (type === 'reaction') {
    // An omitted or empty emoji is the customer removing their reaction.
    const emoji = text(body, 'emoji')
    content.reaction = { messageId: str(body, 'message_id'), emoji: emoji ? emoji : null }
  } else if (type === 'interactive' && body) {
    content.interactive = interactiveReply(body)
    // A reply's title; a Flow reply's body; an echoed (sent) interactive message's body text.
    content.text =
      content.interactive.title ??
      text(obj(body, 'nfm_reply'), 'body') ??
      text(obj(body, 'body'), 'text')
  } else if (type === 'button') {
    content.button = { payload: text(body, 'payload'), text: text(body, 'text') }
    content.text = content.button.text
  } else if (type === 'order' && body) {
    content.order = orderView(body)
    content.text = content.order.text
  } else if (type === 'system' && body) {
    content.system = systemView(body)
    content.text = content.system.body
  } else if (type === 'unsupported') {
    content.unsupportedType = str(body, 'type')
  } else if (!known && body) {
    // A type added after this code: show its `body`/`text` if it has an obvious one.
    content.text = text(body, 'body') ?? text(body, 'text')
  }
  return content
}

export function mediaView(body: unknown): MediaView {
  return {
    id: str(body, 'id'),
    url: str(body, 'url') ?? str(body, 'link'),
    mimeType: str(body, 'mime_type'),
    sha256: str(body, 'sha256'),
    filename: str(body, 'filename'),
    voice: bool(body, 'voice'),
    animated: bool(body, 'animated'),
  }
}

function locationView(body: unknown): LocationView {
  return {
    latitude: coordinate(body, 'latitude'),
    longitude: coordinate(body, 'longitude'),
    name: str(body, 'name'),
    address: str(body, 'address'),
    url: str(body, 'url'),
  }
}

/** Inbound coordinates are numbers; sent (echoed) ones may be strings — both are read. */
function coordinate(body: unknown, key: string): number | null {
  const n = num(body, key)
  if (n !== null) return n
  const s = str(body, key)
  const parsed = s === null ? NaN : Number(s)
  return Number.isFinite(parsed) ? parsed : null
}

function sharedContact(card: unknown): SharedContactView {
  return {
    formattedName: str(obj(card, 'name'), 'formatted_name'),
    phones: list(card, 'phones').map((phone) => ({
      phone: str(phone, 'phone'),
      waId: str(phone, 'wa_id'),
      type: str(phone, 'type'),
    })),
    emails: list(card, 'emails')
      .map((email) => str(email, 'email'))
      .filter((email): email is string => email !== null),
    raw: card,
  }
}

function interactiveReply(body: Record<string, unknown>): InteractiveReplyView {
  const type = str(body, 'type') ?? 'unknown'
  const reply = obj(body, type)
  return {
    type,
    id: str(reply, 'id'),
    title: text(reply, 'title'),
    description: text(reply, 'description'),
    responseJson: text(reply, 'response_json'),
  }
}

function orderView(body: unknown): OrderView {
  return {
    catalogId: str(body, 'catalog_id'),
    text: text(body, 'text'),
    items: list(body, 'product_items').map((item) => ({
      productRetailerId: str(item, 'product_retailer_id'),
      quantity: num(item, 'quantity'),
      itemPrice: num(item, 'item_price'),
      currency: str(item, 'currency'),
    })),
  }
}

function systemView(body: unknown): SystemView {
  return {
    type: str(body, 'type') ?? 'unknown',
    body: text(body, 'body'),
    newWaId: str(body, 'wa_id'),
    newUserId: str(body, 'user_id'),
    newParentUserId: str(body, 'parent_user_id'),
    previousUserId: str(body, 'previous_user_id'),
  }
}

/** `context` of a message: reply target, forward flags, referred product. Null when absent. */
export function replyContext(message: unknown): ReplyContextView | null {
  const context = obj(message, 'context')
  if (!context) return null
  const product = obj(context, 'referred_product')
  return {
    messageId: str(context, 'id'),
    from: str(context, 'from'),
    forwarded: bool(context, 'forwarded') === true,
    frequentlyForwarded: bool(context, 'frequently_forwarded') === true,
    referredProduct: product
      ? {
          catalogId: str(product, 'catalog_id'),
          productRetailerId: str(product, 'product_retailer_id'),
        }
      : null,
  }
}

/** `referral` of a message (Click-to-WhatsApp ads and other entry points). Null when absent. */
export function referralView(message: unknown): ReferralView | null {
  const referral = obj(message, 'referral')
  if (!isObject(referral)) return null
  return {
    sourceUrl: str(referral, 'source_url'),
    sourceId: str(referral, 'source_id'),
    sourceType: str(referral, 'source_type'),
    headline: text(referral, 'headline'),
    body: text(referral, 'body'),
    mediaType: str(referral, 'media_type'),
    imageUrl: str(referral, 'image_url'),
    videoUrl: str(referral, 'video_url'),
    thumbnailUrl: str(referral, 'thumbnail_url'),
    ctwaClid: str(referral, 'ctwa_clid'),
    welcomeMessageText: text(obj(referral, 'welcome_message'), 'text'),
  }
}
