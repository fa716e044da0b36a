/**
 * The parts of a normalised update (normalise-types.ts): who, where, and what a message says.
 * Field names are camelCase; each says which Meta field it comes from where that is not obvious.
 * Meta's reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */

/** Where an update came from inside one webhook body. */
export interface UpdateLocation {
  /** Index in `entry[]`; null for a body-level problem. */
  entryIndex: number | null
  /** `entry[].id`: the WABA id (the partner's business id for account_update PARTNER_ADDED). */
  entryId: string | null
  /** `entry[].time` in ms (management fields carry it; `messages` does not). */
  entryTimeMs: number | null
  /** Index in `entry[].changes[]`. */
  changeIndex: number | null
  /** `changes[].field`, e.g. `messages`, `account_update`. */
  field: string | null
  /** Index inside the change's list (`messages`, `statuses`, `errors`, `message_echoes`). */
  itemIndex: number | null
  /** JSON path of `raw`, e.g. `entry[0].changes[1].value.statuses[3]`. */
  path: string
}

/** The client's business number a `messages`/echo change is about (`value.metadata`). */
export interface BusinessNumber {
  /** Meta's phone number id: the key for finding the client that owns the number. */
  phoneNumberId: string | null
  displayPhoneNumber: string | null
}

/**
 * A WhatsApp user as a webhook names them. Either id may be missing: the business-scoped user id
 * (BSUID, since 31 Mar 2026) is omitted in older webhooks, the phone number (`wa_id`) for users
 * with a username unless Meta may share it
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids).
 * contactKeys() in identity.ts turns this into the store's contact keys.
 */
export interface UserRef {
  /** The phone number (`wa_id`, `from`, `recipient_id`, an echo's `to`) exactly as Meta sends it. */
  waId: string | null
  /** The business-scoped user id, e.g. `US.13491208655302741918`. */
  userId: string | null
  /** The parent BSUID, present only for businesses with linked portfolios. */
  parentUserId: string | null
  /** `contacts[].profile.name`, when the webhook carries a profile. */
  profileName: string | null
  /** `contacts[].profile.username`, for users who adopted a username. */
  username: string | null
}

/** An error object from `value.errors`, `messages[].errors` or `statuses[].errors`. */
export interface WebhookErrorView {
  /** Meta's error code (see error-codes.ts for its meaning and retry class). */
  code: number | null
  title: string | null
  message: string | null
  /** `error_data.details`: the most specific text. */
  details: string | null
  href: string | null
}

/** Media of an image, audio, video, document or sticker (inbound, or an echo of a sent one). */
export interface MediaView {
  /** The media id to download (GET /{id}); valid 7 days for inbound media. */
  id: string | null
  /** A link, for echoes of media sent by URL or inbound webhooks that carry `url`. */
  url: string | null
  mimeType: string | null
  sha256: string | null
  /** Documents only. */
  filename: string | null
  /** Audio only: true for a voice note (recorded in WhatsApp). */
  voice: boolean | null
  /** Stickers only. */
  animated: boolean | null
}

export interface LocationView {
  latitude: number | null
  longitude: number | null
  name: string | null
  address: string | null
  url: string | null
}

/** One shared contact card (a `contacts` message). */
export interface SharedContactView {
  formattedName: string | null
  /** Phone entries as given; `waId` when the number is on WhatsApp. */
  phones: { phone: string | null; waId: string | null; type: string | null }[]
  emails: string[]
  /** The card as Meta sent it (names, org, addresses, urls, birthday, vcard…). */
  raw: unknown
}

/** A reaction; `emoji: null` means the customer removed their reaction. */
export interface ReactionView {
  /** The wamid reacted to. */
  messageId: string | null
  emoji: string | null
}

/** A reply to an interactive message: button_reply, list_reply, nfm_reply (Flows) or newer. */
export interface InteractiveReplyView {
  type: string
  /** The button or row id the business defined; null for nfm_reply. */
  id: string | null
  title: string | null
  description: string | null
  /** nfm_reply: the Flow's `response_json` string. */
  responseJson: string | null
}

export interface OrderView {
  catalogId: string | null
  text: string | null
  items: {
    productRetailerId: string | null
    quantity: number | null
    itemPrice: number | null
    currency: string | null
  }[]
}

/**
 * A system message. `user_changed_number`: the user's new phone number is `newWaId` (and the new
 * BSUID `newUserId`, which Meta regenerates on a number change); `user_changed_user_id`: only the
 * BSUID changed (`previousUserId` → `newUserId`). See identityLinks() in identity.ts.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/system
 */
export interface SystemView {
  type: string
  body: string | null
  newWaId: string | null
  newUserId: string | null
  newParentUserId: string | null
  previousUserId: string | null
}

/**
 * What a message says, flat so the store can map it to columns. Every field is null unless the
 * message type carries it. Shared by inbound messages and message echoes.
 */
export interface MessageContent {
  /** Meta's `type` as sent: text, image, …, or a type added after this code was written. */
  type: string
  /** False for a type this code does not model; `raw` still has all of it. */
  knownType: boolean
  /**
   * The text to show and index: text body, media caption, interactive reply title, button text,
   * order note, system body, or a location's name.
   */
  text: string | null
  media: MediaView | null
  location: LocationView | null
  contacts: SharedContactView[] | null
  reaction: ReactionView | null
  interactive: InteractiveReplyView | null
  /** Template quick-reply button (`type: button`). */
  button: { payload: string | null; text: string | null } | null
  order: OrderView | null
  system: SystemView | null
  /** `type: unsupported`: the kind of message WhatsApp could not deliver (`unsupported.type`). */
  unsupportedType: string | null
}

/** `context`: a reply, a forward marker, or the product a "Message business" button came from. */
export interface ReplyContextView {
  /** The wamid replied to. */
  messageId: string | null
  /** Who sent the quoted message (the business number for replies to the business). */
  from: string | null
  forwarded: boolean
  frequentlyForwarded: boolean
  referredProduct: { catalogId: string | null; productRetailerId: string | null } | null
}

/** A Click-to-WhatsApp ad (or other entry point) the message came from. */
export interface ReferralView {
  sourceUrl: string | null
  sourceId: string | null
  /** `ad` or `post`. */
  sourceType: string | null
  headline: string | null
  body: string | null
  mediaType: string | null
  imageUrl: string | null
  videoUrl: string | null
  thumbnailUrl: string | null
  /** Click id of a Click-to-WhatsApp ad; omitted by Meta for Status ads. */
  ctwaClid: string | null
  welcomeMessageText: string | null
}

/** Per-message pricing from a status (PMP since 1 July 2025, CBP before). */
export interface PricingView {
  /** "Will be deprecated" per Meta; null when absent. */
  billable: boolean | null
  pricingModel: string | null
  /** regular | free_customer_service | free_entry_point */
  type: string | null
  category: string | null
}

/**
 * `conversation` of a status: omitted for v24.0+ webhooks unless the message is in a free entry
 * point window; `expiresAtMs` only on `sent`.
 */
export interface ConversationView {
  id: string | null
  originType: string | null
  expiresAtMs: number | null
}
