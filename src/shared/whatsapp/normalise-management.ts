import {
  accountUpdateValueSchema,
  phoneQualityUpdateValueSchema,
  templateStatusUpdateValueSchema,
} from './webhook-management-schema'
import {
  accountAlertsValueSchema,
  accountReviewValueSchema,
  capabilityValueSchema,
  phoneNameUpdateValueSchema,
} from './webhook-other-fields-schema'
import type { UpdateLocation } from './normalise-views'
import type { NormalisedUpdate } from './normalise-types'
import { idString, num, obj, schemaIssues, str } from './normalise-read'

/**
 * One update per management change (every field but `messages` and `smb_message_echoes`), read
 * tolerantly from `value`; `raw` is the value. A field this code does not model is `unknown`.
 * Fields: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
 */

type Reader = (value: unknown, at: UpdateLocation, wabaId: string | null) => NormalisedUpdate

const READERS: Readonly<Record<string, Reader>> = {
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/message_template_status_update
  message_template_status_update: (value, at, wabaId) => {
    const reason = str(value, 'reason')
    return {
      kind: 'template_status',
      at,
      raw: value,
      issues: schemaIssues(templateStatusUpdateValueSchema, value),
      wabaId,
      event: str(value, 'event'),
      templateId: idString(value, 'message_template_id'),
      templateName: str(value, 'message_template_name'),
      language: str(value, 'message_template_language'),
      reason: reason === 'NONE' ? null : reason,
      category: str(value, 'message_template_category'),
    }
  },
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_quality_update
  phone_number_quality_update: (value, at, wabaId) => ({
    kind: 'phone_quality',
    at,
    raw: value,
    issues: schemaIssues(phoneQualityUpdateValueSchema, value),
    wabaId,
    displayPhoneNumber: str(value, 'display_phone_number'),
    event: str(value, 'event'),
    // `current_limit`/`old_limit` were removed in Feb 2026; older payloads still carry them.
    messagingLimit:
      idString(value, 'max_daily_conversations_per_business') ?? str(value, 'current_limit'),
    previousLimit: str(value, 'old_limit'),
  }),
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_name_update
  phone_number_name_update: (value, at, wabaId) => ({
    kind: 'phone_name',
    at,
    raw: value,
    issues: schemaIssues(phoneNameUpdateValueSchema, value),
    wabaId,
    displayPhoneNumber: str(value, 'display_phone_number'),
    decision: str(value, 'decision'),
    requestedName: str(value, 'requested_verified_name'),
    rejectionReason: str(value, 'rejection_reason'),
  }),
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_update
  account_update: (value, at, wabaId) => ({
    kind: 'account_update',
    at,
    raw: value,
    issues: schemaIssues(accountUpdateValueSchema, value),
    wabaId: str(obj(value, 'waba_info'), 'waba_id') ?? wabaId,
    event: str(value, 'event'),
  }),
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_alerts
  account_alerts: (value, at, wabaId) => {
    const info = obj(value, 'alert_info')
    return {
      kind: 'account_alert',
      at,
      raw: value,
      issues: schemaIssues(accountAlertsValueSchema, value),
      wabaId,
      entityType: str(value, 'entity_type'),
      entityId: idString(value, 'entity_id'),
      severity: str(info, 'alert_severity'),
      status: str(info, 'alert_status'),
      alertType: str(info, 'alert_type'),
      description: str(info, 'alert_description'),
    }
  },
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/business_capability_update
  business_capability_update: (value, at, wabaId) => ({
    kind: 'capability',
    at,
    raw: value,
    issues: schemaIssues(capabilityValueSchema, value),
    wabaId,
    messagingLimit: idString(value, 'max_daily_conversations_per_business'),
    maxPhoneNumbersPerBusiness: num(value, 'max_phone_numbers_per_business'),
    maxPhoneNumbersPerWaba: num(value, 'max_phone_numbers_per_waba'),
  }),
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/account_review_update
  account_review_update: (value, at, wabaId) => ({
    kind: 'account_review',
    at,
    raw: value,
    issues: schemaIssues(accountReviewValueSchema, value),
    wabaId,
    decision: str(value, 'decision'),
  }),
}

/** The fields read by this module, for documentation and tests. */
export const MANAGEMENT_FIELDS: readonly string[] = Object.keys(READERS)

/** The update of one management change, or `unknown` for a field not modelled here. */
export function normaliseManagementChange(
  field: string,
  value: unknown,
  at: UpdateLocation,
  wabaId: string | null,
): NormalisedUpdate {
  const reader = Object.hasOwn(READERS, field) ? READERS[field] : undefined
  if (reader) return reader(value, at, wabaId)
  return { kind: 'unknown', at, raw: value, issues: [], wabaId, reason: `field ${field}` }
}
