import type {
  AccountUpdateValue,
  MessageStatus,
  MessagesValue,
  PhoneQualityUpdateValue,
  Pricing,
  SenderContact,
  TemplateStatusUpdateValue,
  WebhookError,
} from '@shared/whatsapp/webhook-schema'
import type { InboundMessage } from '@shared/whatsapp/webhook-schema'
import { graphErrorInfo } from '@shared/whatsapp/error-codes'

/**
 * Builders for Meta's exact webhook `value` objects (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview) and the envelope.
 * Each `…Entry` returns a `WebhookEntryInput` — what `dispatcher.enqueue()` takes:
 *   inboundEntry(wabaId, phone, contact | null, message, errors?)  field 'messages'
 *   statusEntry(wabaId, phone, status)                        field 'messages'
 *   valueErrorsEntry(wabaId, phone, errors)                   field 'messages'
 *   partnerAddedEntry({partnerBusinessId, wabaId, ownerBusinessId, …})  field 'account_update'
 *   templateStatusEntry(wabaId, {...})                        field 'message_template_status_update'
 *   phoneQualityEntry(wabaId, {...})                          field 'phone_number_quality_update'
 * plus statusObject(), webhookError(), completeErrors(), messagesValue() and envelope() for the
 * pieces.
 * `WebhookEntryInput.wabaId` becomes `entry[].id` — the WABA id, except for account_update
 * PARTNER_ADDED where Meta puts the partner's business portfolio id there (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update).
 */

export interface PhoneRef {
  displayPhoneNumber: string
  phoneNumberId: string
}

export interface WebhookEntryInput {
  /** `entry[].id`: the WABA id (or the partner business id for PARTNER_ADDED). */
  wabaId: string
  field: string
  value: object
  /** Per-WABA/phone `override_callback_uri`; only `messages`-family fields may use one (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override). */
  url?: string
}

export interface WebhookEnvelopeEntry {
  id: string
  time?: number
  changes: { value: object; field: string }[]
}

export function envelope(entries: WebhookEnvelopeEntry[]): {
  object: 'whatsapp_business_account'
  entry: WebhookEnvelopeEntry[]
} {
  return { object: 'whatsapp_business_account', entry: entries }
}

export function messagesValue(
  phone: PhoneRef,
  parts: Pick<MessagesValue, 'contacts' | 'messages' | 'statuses' | 'errors'>,
): MessagesValue {
  return {
    messaging_product: 'whatsapp',
    metadata: {
      display_phone_number: phone.displayPhoneNumber,
      phone_number_id: phone.phoneNumberId,
    },
    ...parts,
  }
}

/** An inbound message value. `contact` is null for messages Meta sends without `contacts[]`
 * (e.g. the user_changed_number system message, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages); `errors` are value-level errors sent
 * beside the message (Meta's 131000 "Unsupported webhook payload" case). */
export function inboundEntry(
  wabaId: string,
  phone: PhoneRef,
  contact: SenderContact | null,
  message: InboundMessage,
  errors?: WebhookError[],
): WebhookEntryInput {
  const value = messagesValue(phone, {
    ...(contact ? { contacts: [contact] } : {}),
    messages: [message],
    ...(errors ? { errors } : {}),
  })
  return { wabaId, field: 'messages', value }
}

const ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/'

/** `{code, title, message (= title), error_data{details}, href}` as on failed statuses (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status). */
export function webhookError(code: number, details?: string, title?: string): WebhookError {
  const t = title ?? graphErrorInfo(code).title
  return {
    code,
    title: t,
    message: t,
    ...(details === undefined ? {} : { error_data: { details } }),
    href: ERROR_HREF,
  }
}

export interface StatusInput {
  wamid: string
  status: MessageStatus['status']
  /** Unix seconds as a string. */
  timestamp: string
  recipientId: string
  pricing?: Pricing
  /** Only for free entry point messages on v24+ (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status). */
  conversation?: { id: string; expirationTimestamp?: string; originType: string }
  errors?: WebhookError[]
  bizOpaqueCallbackData?: string
}

export function statusObject(input: StatusInput): MessageStatus {
  const status: MessageStatus = {
    id: input.wamid,
    status: input.status,
    timestamp: input.timestamp,
    recipient_id: input.recipientId,
  }
  if (input.bizOpaqueCallbackData !== undefined) {
    status.biz_opaque_callback_data = input.bizOpaqueCallbackData
  }
  if (input.conversation) {
    status.conversation = {
      id: input.conversation.id,
      ...(input.conversation.expirationTimestamp === undefined
        ? {}
        : { expiration_timestamp: input.conversation.expirationTimestamp }),
      origin: { type: input.conversation.originType },
    }
  }
  if (input.pricing) status.pricing = input.pricing
  if (input.errors) status.errors = input.errors
  return status
}

export function statusEntry(
  wabaId: string,
  phone: PhoneRef,
  status: MessageStatus,
): WebhookEntryInput {
  return { wabaId, field: 'messages', value: messagesValue(phone, { statuses: [status] }) }
}

/** Errors as a caller gives them, with `title` and `message` (= title) filled from the code when
 * missing; nothing else is added (Meta's value-level errors carry no `href`). */
export function completeErrors(errors: readonly WebhookError[]): WebhookError[] {
  return errors.map((error) => {
    const title = error.title ?? graphErrorInfo(error.code).title
    return { ...error, title, message: error.message ?? title }
  })
}

/** System/app/account-level errors (e.g. 130429) delivered in `value.errors` (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). */
export function valueErrorsEntry(
  wabaId: string,
  phone: PhoneRef,
  errors: WebhookError[],
): WebhookEntryInput {
  return { wabaId, field: 'messages', value: messagesValue(phone, { errors }) }
}

export interface PartnerAddedInput {
  partnerBusinessId: string
  wabaId: string
  ownerBusinessId: string
  solutionId?: string
  solutionPartnerBusinessIds?: string[]
}

/** `account_update` PARTNER_ADDED — fires when a customer completes Embedded Signup (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update). */
export function partnerAddedEntry(input: PartnerAddedInput): WebhookEntryInput {
  const value: AccountUpdateValue = {
    event: 'PARTNER_ADDED',
    waba_info: {
      waba_id: input.wabaId,
      owner_business_id: input.ownerBusinessId,
      ...(input.solutionId ? { solution_id: input.solutionId } : {}),
      ...(input.solutionPartnerBusinessIds
        ? { solution_partner_business_ids: input.solutionPartnerBusinessIds }
        : {}),
    },
  }
  return { wabaId: input.partnerBusinessId, field: 'account_update', value }
}

export interface TemplateStatusInput {
  event: TemplateStatusUpdateValue['event']
  templateId: number | string
  name: string
  language: string
  reason?: string | null
  category?: string
}

export function templateStatusEntry(wabaId: string, input: TemplateStatusInput): WebhookEntryInput {
  const value: TemplateStatusUpdateValue = {
    event: input.event,
    message_template_id: Number(input.templateId),
    message_template_name: input.name,
    message_template_language: input.language,
    reason: input.reason === undefined ? 'NONE' : input.reason,
    ...(input.category ? { message_template_category: input.category.toUpperCase() } : {}),
  }
  return { wabaId, field: 'message_template_status_update', value }
}

export interface PhoneQualityInput {
  displayPhoneNumber: string
  event: PhoneQualityUpdateValue['event']
  /** e.g. 'TIER_2K' (current field; current_limit/old_limit were removed in Feb 2026). */
  maxDailyConversationsPerBusiness?: string
}

export function phoneQualityEntry(wabaId: string, input: PhoneQualityInput): WebhookEntryInput {
  const value: PhoneQualityUpdateValue = {
    display_phone_number: input.displayPhoneNumber,
    event: input.event,
    ...(input.maxDailyConversationsPerBusiness
      ? { max_daily_conversations_per_business: input.maxDailyConversationsPerBusiness }
      : {}),
  }
  return { wabaId, field: 'phone_number_quality_update', value }
}
