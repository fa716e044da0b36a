import type { ClientState, OnboardingStep, StepStatus } from '@shared/contract/onboarding'

/** What each pipeline step does, in words for partner staff. */
export const stepLabels: Record<OnboardingStep, string> = {
  exchange_code: 'Exchange the code for the business token',
  subscribe_webhooks: 'Subscribe the WhatsApp Business account to webhooks',
  share_credit_line: 'Share the credit line',
  register_phone: 'Register the phone number',
  sync_business_app: 'Sync the WhatsApp Business app',
}

export const stepStatusLabels: Record<StepStatus, string> = {
  pending: 'Not started',
  running: 'In progress',
  done: 'Done',
  waiting: 'Waiting',
  failed: 'Failed',
  skipped: 'Not needed',
}

export const clientStateLabels: Record<ClientState, string> = {
  onboarding: 'Onboarding',
  waiting: 'Waiting',
  failed: 'Failed',
  waiting_for_phone: 'Waiting for a phone number',
  onboarded: 'Onboarded',
  offboarding: 'Offboarding',
  offboarded: 'Offboarded',
}

type Tone = 'ok' | 'warning' | 'error' | 'off'

/** The status-pill colour for a state: the same words always get the same colour. */
export const stateTone: Record<ClientState, Tone> = {
  onboarding: 'warning',
  waiting: 'warning',
  failed: 'error',
  waiting_for_phone: 'warning',
  onboarded: 'ok',
  offboarding: 'warning',
  offboarded: 'off',
}

export const stepTone: Record<StepStatus, Tone> = {
  pending: 'off',
  running: 'warning',
  done: 'ok',
  waiting: 'warning',
  failed: 'error',
  skipped: 'off',
}

/** Embedded Signup screens, as Meta names them in a CANCEL event's `current_step`. */
const signupScreens: Record<string, string> = {
  BUSINESS_ACCOUNT_SELECTION: 'choosing the business portfolio',
  WABA_PHONE_PROFILE_PICKER: 'choosing the WhatsApp Business account',
  WHATSAPP_BUSINESS_PROFILE_SETUP: 'setting up the WhatsApp Business profile',
  PHONE_NUMBER_SETUP: 'adding the phone number',
  PHONE_NUMBER_VERIFICATION: 'verifying the phone number',
  PERMISSIONS: 'reviewing the permissions',
}

/** "while choosing the business portfolio (BUSINESS_ACCOUNT_SELECTION)", or "" when unknown. */
export function signupScreenText(currentStep: string | null): string {
  if (!currentStep) return ''
  const words = signupScreens[currentStep]
  return words ? ` while ${words} (${currentStep})` : ` at ${currentStep}`
}

/** A timestamp as the staff member's locale shows it; '—' when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}
