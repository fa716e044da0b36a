// Records of the clients repository and how rows map to them (clients-repo.ts holds the SQL).
import type {
  ClientState,
  OnboardingStep,
  PhoneHealth,
  SignupFinish,
  StepStatus,
  TokenHealth,
} from '@shared/contract/onboarding'

/** A client as stored: ids and metadata only (tokens and PINs are in the keychain). */
export interface ClientRecord {
  id: string
  wabaId: string
  phoneNumberId: string | null
  businessId: string | null
  name: string | null
  displayPhoneNumber: string | null
  signupFinish: SignupFinish
  state: ClientState
  paused: boolean
  pinSource: 'generated' | 'staff' | null
  qualityRating: string | null
  tokenHealth: TokenHealth | null
  phoneHealth: PhoneHealth | null
  subscription: {
    subscribed: boolean
    overrideCallbackUri: string | null
    verifiedAt: string | null
  } | null
  creditAllocation: {
    allocationConfigId: string | null
    creditLineId: string | null
    currency: string | null
    verified: boolean
    revoked: boolean
    verifiedAt: string | null
  } | null
  warnings: string[]
  signedUpAt: string
  createdAt: string
  updatedAt: string
  lastActivityAt: string
  onboardedAt: string | null
  offboardedAt: string | null
}

export interface StepRecord {
  clientId: string
  step: OnboardingStep
  position: number
  status: StepStatus
  attempts: number
  message: string | null
  error: { code: string; message: string; fix: string | null; graphCode: number | null } | null
  nextAttemptAt: string | null
  data: Record<string, unknown>
  updatedAt: string
}

export interface ClientRow {
  id: string
  waba_id: string
  phone_number_id: string | null
  business_id: string | null
  name: string | null
  display_phone_number: string | null
  signup_finish: string
  state: string
  paused: number
  pin_source: string | null
  quality_rating: string | null
  token_health: string | null
  phone_health: string | null
  subscription: string | null
  credit_allocation: string | null
  warnings: string
  signed_up_at: string
  created_at: string
  updated_at: string
  last_activity_at: string
  onboarded_at: string | null
  offboarded_at: string | null
}

export interface StepRow {
  client_id: string
  step: string
  position: number
  status: string
  attempts: number
  message: string | null
  error_code: string | null
  error_message: string | null
  error_fix: string | null
  error_graph_code: number | null
  next_attempt_at: string | null
  data: string
  updated_at: string
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T))

export const toClient = (r: ClientRow): ClientRecord => ({
  id: r.id,
  wabaId: r.waba_id,
  phoneNumberId: r.phone_number_id,
  businessId: r.business_id,
  name: r.name,
  displayPhoneNumber: r.display_phone_number,
  signupFinish: r.signup_finish as SignupFinish,
  state: r.state as ClientState,
  paused: r.paused === 1,
  pinSource: r.pin_source as ClientRecord['pinSource'],
  qualityRating: r.quality_rating,
  tokenHealth: json(r.token_health),
  phoneHealth: json(r.phone_health),
  subscription: json(r.subscription),
  creditAllocation: json(r.credit_allocation),
  warnings: json<string[]>(r.warnings) ?? [],
  signedUpAt: r.signed_up_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastActivityAt: r.last_activity_at,
  onboardedAt: r.onboarded_at,
  offboardedAt: r.offboarded_at,
})

/** The recorded error columns (`error_code`, `error_message`, `error_fix`, `error_graph_code`). */
export const errorFromRow = (r: {
  error_code: string | null
  error_message: string | null
  error_fix: string | null
  error_graph_code: number | null
}): StepRecord['error'] =>
  r.error_code === null
    ? null
    : {
        code: r.error_code,
        message: r.error_message ?? '',
        fix: r.error_fix,
        graphCode: r.error_graph_code,
      }

export const toStep = (r: StepRow): StepRecord => ({
  clientId: r.client_id,
  step: r.step as OnboardingStep,
  position: r.position,
  status: r.status as StepStatus,
  attempts: r.attempts,
  message: r.message,
  error: errorFromRow(r),
  nextAttemptAt: r.next_attempt_at,
  data: json<Record<string, unknown>>(r.data) ?? {},
  updatedAt: r.updated_at,
})
