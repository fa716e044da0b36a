/**
 * The sandbox's in-memory world, entity by entity. Field names follow Meta's where an entity
 * is returned by Graph (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner), so handlers mostly copy fields out.
 */

export interface Business {
  id: string
  name: string
  created_at: number
  /** The partner's own portfolio is not a client. */
  partner: boolean
}

export interface WebhookOverride {
  override_callback_uri: string
  verify_token: string
}

export interface Subscription {
  app_id: string
  subscribed_at: number
  override: WebhookOverride | null
}

export interface Waba {
  id: string
  name: string
  owner_business_id: string
  currency: string
  timezone_id: string
  message_template_namespace: string
  /** The credit line paying for this WABA once shared (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines "Verify"). */
  primary_funding_id: string | null
  created_at: number
  /** app_id → subscription (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-webhooks). */
  subscriptions: Map<string, Subscription>
}

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | 'NA'

export interface Phone {
  id: string
  waba_id: string
  /** Digits only, as in webhook metadata ("15550783881"). */
  display_phone_number: string
  verified_name: string
  quality_rating: QualityRating
  code_verification_status: 'VERIFIED' | 'NOT_VERIFIED' | 'EXPIRED'
  name_status: 'APPROVED' | 'AVAILABLE_WITHOUT_REVIEW' | 'PENDING_REVIEW' | 'DECLINED' | 'NONE'
  messaging_limit_tier: string
  registered: boolean
  ever_registered: boolean
  /** Two-step verification PIN; never leaves the sandbox (state shows only `pin_set`). */
  pin: string | null
  /** Virtual times of register/deregister requests, for the 10 per 72 h limit (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration). */
  registration_requests: number[]
  registration_blocked_until: number
  data_localization_region: string | null
  throughput_level: 'STANDARD' | 'HIGH' | 'COEXISTENCE'
  webhook_override: WebhookOverride | null
  /** Numbers onboarded through the WhatsApp Business app (coexistence, fixed 20 mps). */
  coexistence: boolean
  onboarded_at: number
  /** Coexistence: each `POST /{phone}/smb_app_data` accepted, by `sync_type` (once each). */
  smb_sync?: Partial<Record<SmbSyncType, SmbSyncRequest>>
}

/** What `smb_app_data` can sync (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users). */
export type SmbSyncType = 'smb_app_state_sync' | 'history'

export interface SmbSyncRequest {
  request_id: string
  requested_at: number
}

/** A business integration system user: one per client business and app; owns business tokens. */
export interface BisuUser {
  id: string
  business_id: string
  /** WABAs granted through Embedded Signup, newest first (what debug_token lists). */
  waba_ids: string[]
}

export interface Token {
  value: string
  kind: 'system_user' | 'business'
  user_id: string
  issued_at: number
  /** Virtual epoch ms; null = never. */
  expires_at: number | null
  revoked: boolean
}

export interface AuthCode {
  code: string
  user_id: string
  created_at: number
  used: boolean
}

export interface Allocation {
  id: string
  credit_line_id: string
  waba_id: string
  receiving_business_id: string
  currency: string
  request_status: 'ACTIVE' | 'DELETED'
  created_at: number
}

export type TemplateStatus =
  'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'IN_APPEAL' | 'PENDING_DELETION'

export type TemplateCategory = 'AUTHENTICATION' | 'MARKETING' | 'UTILITY'

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS'
  [key: string]: unknown
}

export interface Template {
  id: string
  waba_id: string
  name: string
  language: string
  category: TemplateCategory
  parameter_format: 'POSITIONAL' | 'NAMED'
  components: TemplateComponent[]
  status: TemplateStatus
  rejected_reason: string
  created_at: number
  /** Cancels a pending review timer when the template is deleted or edited. */
  cancelReview: (() => void) | null
}

export interface Media {
  id: string
  phone_id: string
  waba_id: string
  bytes: Buffer
  mime_type: string
  sha256: string
  file_size: number
  uploaded_at: number
  /** Uploaded media lives 30 days, inbound media 7 (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media). */
  expires_at: number
  filename: string | null
}

export interface MediaUrl {
  media_id: string
  expires_at: number
}

export interface StatusEntry {
  status: string
  timestamp: number
}

export interface SentMessage {
  id: string
  phone_id: string
  waba_id: string
  to: string
  wa_id: string
  type: string
  created_at: number
  status: string
  history: StatusEntry[]
  /** Template category for pricing, or null for a service (non-template) message. */
  template: { name: string; language: string; category: TemplateCategory; id: string } | null
  /** Whether a customer service window was open at send time (free utility / service). */
  in_window: boolean
  context_id: string | null
  biz_opaque_callback_data: string | null
  /** The request body as accepted (the lifecycle and customers may need the content). */
  payload: Record<string, unknown>
  pricing: Record<string, unknown> | null
  errors: unknown[] | null
  /** Position among all messages, both directions (see `World.recordSent`). */
  order?: number
}

export interface InboundMessage {
  id: string
  phone_id: string
  from: string
  type: string
  timestamp: number
  read: boolean
  /** The message object exactly as the `messages` webhook delivered it (plain JSON). */
  message: Record<string, unknown>
  /** Position among all messages, both directions (see `World.recordSent`). */
  order?: number
}
