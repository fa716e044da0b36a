import { inboundMessageSchema } from './webhook-message-schema'
import { statusSchema, MESSAGE_STATUSES } from './webhook-status-schema'
import { webhookErrorSchema } from './webhook-common-schema'
import {
  messageEchoSchema,
  messageEchoesValueSchema,
  messagesEnvelopeSchema,
} from './webhook-other-fields-schema'
import type {
  BusinessNumber,
  ConversationView,
  PricingView,
  UpdateLocation,
  UserRef,
} from './normalise-views'
import type { NormalisedUpdate } from './normalise-types'
import { messageContent, referralView, replyContext } from './normalise-content'
import {
  bool,
  errorView,
  errorViews,
  isObject,
  itemAt,
  list,
  obj,
  schemaIssues,
  str,
  timeOf,
  unixSeconds,
  type Json,
} from './normalise-read'

/**
 * The `messages` field (inbound messages, statuses, value-level errors) and `smb_message_echoes`
 * (messages the business sent from the WhatsApp Business app). One update per list item.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_message_echoes
 */

const KNOWN_STATUSES: ReadonlySet<string> = new Set(MESSAGE_STATUSES)

function businessOf(value: unknown): BusinessNumber {
  const metadata = obj(value, 'metadata')
  return {
    phoneNumberId: str(metadata, 'phone_number_id'),
    displayPhoneNumber: str(metadata, 'display_phone_number'),
  }
}

/**
 * The `value.contacts[]` entry for a user: matched by phone number or BSUID, or the only entry
 * when the item names nobody (Meta sends one contact per single-user value).
 */
function contactFor(contacts: unknown[], waId: string | null, userId: string | null): unknown {
  const match = contacts.find(
    (c) =>
      (waId !== null && str(c, 'wa_id') === waId) ||
      (userId !== null && str(c, 'user_id') === userId),
  )
  if (match !== undefined) return match
  return waId === null && userId === null && contacts.length === 1 ? contacts[0] : undefined
}

function userRef(
  contacts: unknown[],
  waId: string | null,
  userId: string | null,
  parentUserId: string | null,
): UserRef {
  const contact = contactFor(contacts, waId, userId)
  const profile = obj(contact, 'profile')
  return {
    waId: waId ?? str(contact, 'wa_id'),
    userId: userId ?? str(contact, 'user_id'),
    parentUserId: parentUserId ?? str(contact, 'parent_user_id'),
    profileName: str(profile, 'name'),
    username: str(profile, 'username'),
  }
}

/** Every update of one `messages` change. */
export function normaliseMessagesChange(
  value: unknown,
  at: UpdateLocation,
  wabaId: string | null,
): NormalisedUpdate[] {
  const business = businessOf(value)
  const envelopeIssues = schemaIssues(messagesEnvelopeSchema, value)
  const contacts = list(value, 'contacts')
  const updates: NormalisedUpdate[] = []
  const lists = ['messages', 'statuses', 'errors'] as const
  for (const key of lists) {
    const node = isObject(value) ? value[key] : undefined
    if (node !== undefined && !Array.isArray(node)) {
      updates.push(malformed(itemAt(at, key, null), node, wabaId, `${key} is not a list`))
    }
  }
  list(value, 'messages').forEach((message, i) => {
    const itemLoc = itemAt(at, 'messages', i)
    updates.push(inbound(message, itemLoc, business, contacts, wabaId, envelopeIssues))
  })
  list(value, 'statuses').forEach((status, i) => {
    const itemLoc = itemAt(at, 'statuses', i)
    updates.push(statusUpdate(status, itemLoc, business, contacts, wabaId, envelopeIssues))
  })
  list(value, 'errors').forEach((error, i) => {
    updates.push({
      kind: 'value_error',
      at: itemAt(at, 'errors', i),
      raw: error,
      issues: [...envelopeIssues, ...schemaIssues(webhookErrorSchema, error)],
      business,
      error: errorView(error),
    })
  })
  if (updates.length === 0) {
    updates.push({
      kind: 'unknown',
      at,
      raw: value,
      issues: envelopeIssues,
      wabaId,
      reason: 'a messages change with no messages, statuses or errors',
    })
  }
  return updates
}

function malformed(at: UpdateLocation, raw: unknown, wabaId: string | null, reason: string) {
  return { kind: 'malformed' as const, at, raw, issues: [], wabaId, reason }
}

function inbound(
  message: unknown,
  at: UpdateLocation,
  business: BusinessNumber,
  contacts: unknown[],
  wabaId: string | null,
  envelopeIssues: string[],
): NormalisedUpdate {
  const wamid = str(message, 'id')
  if (wamid === null) return malformed(at, message, wabaId, 'an inbound message without an id')
  const parentUserId = str(message, 'from_parent_user_id') ?? str(message, 'parent_user_id')
  return {
    kind: 'message',
    key: `message:${wamid}`,
    at,
    raw: message,
    issues: [...envelopeIssues, ...schemaIssues(inboundMessageSchema, message)],
    wamid,
    business,
    ...timeOf(message),
    from: userRef(contacts, str(message, 'from'), str(message, 'from_user_id'), parentUserId),
    ...messageContent(message),
    context: replyContext(message),
    referral: referralView(message),
    errors: errorViews(message),
    groupId: str(message, 'group_id'),
    identity: isObject(message) ? (message.identity ?? null) : null,
  }
}

function statusUpdate(
  status: unknown,
  at: UpdateLocation,
  business: BusinessNumber,
  contacts: unknown[],
  wabaId: string | null,
  envelopeIssues: string[],
): NormalisedUpdate {
  const wamid = str(status, 'id')
  const value = str(status, 'status')
  if (wamid === null || value === null) {
    return malformed(at, status, wabaId, 'a status without an id or a status value')
  }
  const recipientType = str(status, 'recipient_type') ?? 'individual'
  const group = recipientType === 'group'
  const waId = str(status, group ? 'recipient_participant_id' : 'recipient_id')
  const userId = str(status, group ? 'recipient_participant_user_id' : 'recipient_user_id')
  const parentUserId = group
    ? str(status, 'recipient_participant_parent_user_id')
    : (str(status, 'parent_recipient_user_id') ?? str(status, 'parent_user_id'))
  return {
    kind: 'status',
    key: `status:${wamid}:${value}`,
    at,
    raw: status,
    issues: [...envelopeIssues, ...schemaIssues(statusSchema, status)],
    wamid,
    status: value,
    knownStatus: KNOWN_STATUSES.has(value),
    business,
    ...timeOf(status),
    recipient: userRef(contacts, waId, userId, parentUserId),
    recipientType,
    groupId: group ? str(status, 'recipient_id') : null,
    errors: errorViews(status),
    pricing: pricingView(obj(status, 'pricing')),
    conversation: conversationView(obj(status, 'conversation')),
    bizOpaqueCallbackData: str(status, 'biz_opaque_callback_data'),
  }
}

function pricingView(pricing: Json | null): PricingView | null {
  if (!pricing) return null
  return {
    billable: bool(pricing, 'billable'),
    pricingModel: str(pricing, 'pricing_model'),
    type: str(pricing, 'type'),
    category: str(pricing, 'category'),
  }
}

function conversationView(conversation: Json | null): ConversationView | null {
  if (!conversation) return null
  const expires = unixSeconds(conversation.expiration_timestamp)
  return {
    id: str(conversation, 'id'),
    originType: str(obj(conversation, 'origin'), 'type'),
    expiresAtMs: expires === null ? null : expires * 1000,
  }
}

/** Every update of one `smb_message_echoes` change: one per `message_echoes[]` item. */
export function normaliseEchoesChange(
  value: unknown,
  at: UpdateLocation,
  wabaId: string | null,
): NormalisedUpdate[] {
  const business = businessOf(value)
  const envelopeIssues = schemaIssues(messageEchoesValueSchema, value)
  const echoes = list(value, 'message_echoes')
  if (echoes.length === 0) {
    return [
      {
        kind: 'unknown',
        at,
        raw: value,
        issues: envelopeIssues,
        wabaId,
        reason: 'an smb_message_echoes change with no message_echoes',
      },
    ]
  }
  return echoes.map((echo, i): NormalisedUpdate => {
    const itemLoc = itemAt(at, 'message_echoes', i)
    const wamid = str(echo, 'id')
    if (wamid === null) return malformed(itemLoc, echo, wabaId, 'a message echo without an id')
    return {
      kind: 'message_echo',
      key: `echo:${wamid}`,
      at: itemLoc,
      raw: echo,
      issues: [...envelopeIssues, ...schemaIssues(messageEchoSchema, echo)],
      wamid,
      business,
      ...timeOf(echo),
      fromDisplayNumber: str(echo, 'from'),
      to: userRef([], str(echo, 'to'), str(echo, 'to_user_id'), null),
      ...messageContent(echo, true),
      context: replyContext(echo),
    }
  })
}
