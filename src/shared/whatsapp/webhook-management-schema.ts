import { z } from 'zod'
import { openEnum } from './webhook-common-schema'

/**
 * Values of the management webhook fields the product acts on: `account_update`,
 * `message_template_status_update`, `phone_number_quality_update` (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview).
 * Event names are open enums: Meta keeps adding them (ACCOUNT_OFFBOARDED arrived in 2025).
 */

export const ACCOUNT_UPDATE_EVENTS = [
  'ACCOUNT_DELETED',
  'ACCOUNT_RESTRICTION',
  'ACCOUNT_VIOLATION',
  'AD_ACCOUNT_LINKED',
  'AUTH_INTL_PRICE_ELIGIBILITY_UPDATE',
  'BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE',
  'DISABLED_UPDATE',
  'MM_LITE_TERMS_SIGNED',
  'PARTNER_ADDED',
  'PARTNER_APP_INSTALLED',
  'PARTNER_APP_UNINSTALLED',
  'PARTNER_CLIENT_CERTIFICATION_STATUS_UPDATE',
  'PARTNER_REMOVED',
  'VOLUME_BASED_PRICING_TIER_UPDATE',
  'ACCOUNT_OFFBOARDED',
  'ACCOUNT_RECONNECTED',
] as const

/** Identifies the customer's WABA; for PARTNER_ADDED `entry[].id` is the partner's business id. */
export const wabaInfoSchema = z.looseObject({
  waba_id: z.string(),
  owner_business_id: z.string().optional(),
  partner_app_id: z.string().optional(),
  solution_id: z.string().optional(),
  solution_partner_business_ids: z.array(z.string()).optional(),
})

export const accountUpdateValueSchema = z.looseObject({
  event: openEnum(ACCOUNT_UPDATE_EVENTS),
  waba_info: wabaInfoSchema.optional(),
  restriction_info: z
    .array(
      z.looseObject({
        restriction_type: z.string(),
        expiration: z.number().optional(),
        remediation: z.string().optional(),
      }),
    )
    .optional(),
  violation_info: z.looseObject({ violation_type: z.string() }).optional(),
  ban_info: z
    .looseObject({ waba_ban_state: z.string(), waba_ban_date: z.string().optional() })
    .optional(),
  disconnection_info: z
    .looseObject({ reason: z.string().optional(), initiated_by: z.string().optional() })
    .optional(),
  country: z.string().optional(),
  volume_tier_info: z.looseObject({}).optional(),
})
export type AccountUpdateValue = z.infer<typeof accountUpdateValueSchema>

export const TEMPLATE_STATUS_EVENTS = [
  'APPROVED',
  'ARCHIVED',
  'UNARCHIVED',
  'DELETED',
  'DISABLED',
  'FLAGGED',
  'IN_APPEAL',
  'LIMIT_EXCEEDED',
  'LOCKED',
  'PAUSED',
  'PENDING',
  'REINSTATED',
  'PENDING_DELETION',
  'REJECTED',
] as const
export type TemplateStatusEvent = (typeof TEMPLATE_STATUS_EVENTS)[number]

export const TEMPLATE_REJECTION_REASONS = [
  'ABUSIVE_CONTENT',
  'CATEGORY_NOT_AVAILABLE',
  'INCORRECT_CATEGORY',
  'INVALID_FORMAT',
  'NONE',
  'PROMOTIONAL',
  'SCAM',
  'TAG_CONTENT_MISMATCH',
] as const
export type TemplateRejectionReason = (typeof TEMPLATE_REJECTION_REASONS)[number]

export const templateStatusUpdateValueSchema = z.looseObject({
  event: openEnum(TEMPLATE_STATUS_EVENTS),
  message_template_id: z.number().int(),
  message_template_name: z.string(),
  message_template_language: z.string(),
  // Meta's examples say "NONE"; captured APPROVED payloads carry `null`.
  reason: openEnum(TEMPLATE_REJECTION_REASONS).nullable().optional(),
  message_template_category: z.string().optional(),
  disable_info: z.looseObject({}).optional(),
  other_info: z.looseObject({}).optional(),
  rejection_info: z.looseObject({}).optional(),
})
export type TemplateStatusUpdateValue = z.infer<typeof templateStatusUpdateValueSchema>

export const phoneQualityUpdateValueSchema = z.looseObject({
  display_phone_number: z.string(),
  event: openEnum(['ONBOARDING', 'THROUGHPUT_UPGRADE', 'FLAGGED', 'UNFLAGGED'] as const),
  // `current_limit`/`old_limit` were removed in Feb 2026 but older payloads still carry them.
  current_limit: z.string().optional(),
  old_limit: z.string().optional(),
  max_daily_conversations_per_business: z.union([z.string(), z.number()]).optional(),
})
export type PhoneQualityUpdateValue = z.infer<typeof phoneQualityUpdateValueSchema>
