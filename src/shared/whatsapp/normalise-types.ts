import type {
  BusinessNumber,
  ConversationView,
  MessageContent,
  PricingView,
  ReferralView,
  ReplyContextView,
  UpdateLocation,
  UserRef,
  WebhookErrorView,
} from './normalise-views'

/**
 * The normalised webhook model: what `normaliseWebhook(body)` (normalise.ts) returns for a Meta
 * webhook POST — one `NormalisedUpdate` per inbound message, status, value-level error, message
 * echo and management change, in body order. Never fewer (nothing is dropped) and never a throw:
 * bad input becomes a `malformed` update, input this code does not model an `unknown` one, and
 * both keep their raw JSON so they can be stored and shown.
 *
 * Conventions for every update:
 * - `raw` is the JSON node the update was read from, untouched: the message, status, error or echo
 *   object; a management change's `value`; the change or body itself for problems above that.
 * - `at` says where `raw` sits in the body (entry, change, field, item, JSON path).
 * - `issues` lists where `raw` departs from Meta's documented shape (empty when it matches); the
 *   update is still built from whatever could be read.
 * - Times are Meta's (event `timestamp`, Unix seconds) as epoch ms and ISO 8601; null when Meta's
 *   value is missing or unreadable (the store then falls back to the time it received the body).
 * - Ids stay exactly as Meta sent them; identity.ts canonicalises them into contact keys.
 * - `key` (messages, statuses, echoes) is the dedupe key, the same format the tunnel's dedupe index
 *   uses: `message:<wamid>`, `status:<wamid>:<status>`, `echo:<wamid>`.
 *
 * Meta's reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
export type NormalisedUpdate =
  | InboundMessageUpdate
  | StatusUpdate
  | ValueErrorUpdate
  | MessageEchoUpdate
  | TemplateStatusUpdate
  | PhoneQualityUpdate
  | PhoneNameUpdate
  | AccountUpdate
  | AccountAlertUpdate
  | CapabilityUpdate
  | AccountReviewUpdate
  | UnknownUpdate
  | MalformedUpdate

export type NormalisedKind = NormalisedUpdate['kind']

interface Base {
  at: UpdateLocation
  raw: unknown
  issues: string[]
}

interface Timed {
  timestampMs: number | null
  timestamp: string | null
}

/**
 * A message a customer sent to a client's number (`messages` field, `value.messages[]`), any type.
 * Content fields (text, media, location, …) are flat on the update (see MessageContent).
 */
export interface InboundMessageUpdate extends Base, Timed, MessageContent {
  kind: 'message'
  key: string
  wamid: string
  business: BusinessNumber
  /**
   * The sender: `from` / `from_user_id` / `from_parent_user_id`, completed from the matching
   * `value.contacts[]` entry (profile name, username). System messages carry no contacts.
   */
  from: UserRef
  context: ReplyContextView | null
  referral: ReferralView | null
  /** `messages[].errors`, e.g. 131051 on an `unsupported` message. */
  errors: WebhookErrorView[]
  /** `group_id` when the message was sent in a group. */
  groupId: string | null
  /** customer_identity_changed: `identity{acknowledged, created_timestamp, hash}` as sent. */
  identity: unknown
}

/**
 * A status of a message the client's number sent (`value.statuses[]`): sent, delivered, read,
 * played, failed — or a value Meta adds later (`knownStatus: false`). Fold with mergeStatus()
 * (status-rules.ts). A status for a wamid the app never sent (another tool on the same number)
 * is still a status: the store creates the outbound row from it.
 */
export interface StatusUpdate extends Base, Timed {
  kind: 'status'
  key: string
  wamid: string
  status: string
  knownStatus: boolean
  business: BusinessNumber
  /**
   * The customer: `recipient_id` (omitted when the message went to a BSUID and Meta may not share
   * the phone number), `recipient_user_id`, and the matching `value.contacts[]` entry (Meta adds
   * contacts to sent/delivered/read statuses since BSUIDs). For groups, the participant.
   */
  recipient: UserRef
  /** `individual` (default) or `group`. */
  recipientType: string
  /** For `recipient_type: group`: the group id (Meta puts it in `recipient_id`). */
  groupId: string | null
  /** `statuses[].errors`, on failed. */
  errors: WebhookErrorView[]
  pricing: PricingView | null
  conversation: ConversationView | null
  /** Echo of the `biz_opaque_callback_data` the send carried (the outbox id, issue #9). */
  bizOpaqueCallbackData: string | null
}

/**
 * A value-level error (`value.errors[]` of a `messages` change): a system, app or account problem
 * not tied to one message, e.g. 130429 throughput, or 131000 beside a message Meta could not render.
 */
export interface ValueErrorUpdate extends Base {
  kind: 'value_error'
  business: BusinessNumber
  error: WebhookErrorView
}

/**
 * A message the client sent from the WhatsApp Business app or a linked device (coexistence), as
 * echoed by the `smb_message_echoes` field: an outbound message this app did not send.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_message_echoes
 */
export interface MessageEchoUpdate extends Base, Timed, MessageContent {
  kind: 'message_echo'
  key: string
  wamid: string
  business: BusinessNumber
  /** `from`: the business display number that sent it. */
  fromDisplayNumber: string | null
  /** `to` (and `to_user_id` where present): the customer. */
  to: UserRef
  context: ReplyContextView | null
}

/**
 * `message_template_status_update`: a template was approved, rejected, paused, disabled…
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/message_template_status_update
 */
export interface TemplateStatusUpdate extends Base {
  kind: 'template_status'
  wabaId: string | null
  event: string | null
  /** Meta sends a number; kept as a string like every other id. */
  templateId: string | null
  templateName: string | null
  language: string | null
  /** Rejection reason, or null (Meta sends `NONE` or null when there is none). */
  reason: string | null
  category: string | null
}

/**
 * `phone_number_quality_update`: throughput or messaging-limit changes of a business number.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_quality_update
 */
export interface PhoneQualityUpdate extends Base {
  kind: 'phone_quality'
  wabaId: string | null
  displayPhoneNumber: string | null
  event: string | null
  /** `max_daily_conversations_per_business`, e.g. TIER_10K (older payloads: `current_limit`). */
  messagingLimit: string | null
  previousLimit: string | null
}

/**
 * `phone_number_name_update`: the display-name review outcome of a business number.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_name_update
 */
export interface PhoneNameUpdate extends Base {
  kind: 'phone_name'
  wabaId: string | null
  displayPhoneNumber: string | null
  /** APPROVED | DEFERRED | PENDING | REJECTED */
  decision: string | null
  requestedName: string | null
  rejectionReason: string | null
}

/**
 * `account_update`: partner added/removed, restrictions, violations, bans, offboarding…
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update
 */
export interface AccountUpdate extends Base {
  kind: 'account_update'
  /** `waba_info.waba_id` when present (PARTNER_ADDED puts the partner's id in `entry.id`). */
  wabaId: string | null
  event: string | null
}

/**
 * `account_alerts`: alerts about a business, number or status (e.g. PROFILE_PICTURE_LOST).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_alerts
 */
export interface AccountAlertUpdate extends Base {
  kind: 'account_alert'
  wabaId: string | null
  entityType: string | null
  entityId: string | null
  severity: string | null
  status: string | null
  alertType: string | null
  description: string | null
}

/**
 * `business_capability_update`: the portfolio's messaging limit and number caps changed.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/business_capability_update
 */
export interface CapabilityUpdate extends Base {
  kind: 'capability'
  wabaId: string | null
  /** `max_daily_conversations_per_business`: a tier name or a number, as a string. */
  messagingLimit: string | null
  maxPhoneNumbersPerBusiness: number | null
  maxPhoneNumbersPerWaba: number | null
}

/**
 * `account_review_update`: the WABA's review decision.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_review_update
 */
export interface AccountReviewUpdate extends Base {
  kind: 'account_review'
  wabaId: string | null
  /** APPROVED | REJECTED | PENDING | DEFERRED */
  decision: string | null
}

/**
 * Input this code does not model but that is well-formed: another webhook field (history,
 * smb_app_state_sync, user_preferences, calls…), another `object`, or a `messages` change with
 * nothing in it. Kept raw; the store shows it as an event with `field` and `reason`.
 */
export interface UnknownUpdate extends Base {
  kind: 'unknown'
  wabaId: string | null
  reason: string
}

/**
 * Input that is not what Meta documents and could not be read as any update: a body that is not
 * JSON or not an object, an entry or change that is not an object, a message without an id, a
 * status without an id or status. Kept raw with the reason, for the store to show.
 */
export interface MalformedUpdate extends Base {
  kind: 'malformed'
  wabaId: string | null
  reason: string
}
