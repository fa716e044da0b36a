import { randomUUID } from 'node:crypto'
import { authCode } from '../ids'
import type { BisuUser, Business, Phone, Waba } from './types'
import type { World } from './world'

/**
 * Creating a client's assets the way Embedded Signup does (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation): a business portfolio
 * (reused when the same business signs up again), a WABA shared with the partner, optionally a
 * verified phone number (not registered yet — the partner registers it, https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration), and an auth
 * code for the business token.
 */
export interface OnboardInput {
  business_name: string
  waba_name?: string
  verified_name?: string
  /** Display number in any format ("+1 555 0100 123"); generated when absent. */
  phone?: string
  with_phone: boolean
  coexistence?: boolean
  currency?: string
  timezone_id?: string
}

export interface Onboarded {
  business: Business
  waba: Waba
  phone: Phone | null
  user: BisuUser
  code: string
}

export class OnboardingConflict extends Error {}

function clientBusiness(world: World, name: string): Business {
  const wanted = name.trim().toLowerCase()
  for (const business of world.businesses.values()) {
    if (!business.partner && business.name.toLowerCase() === wanted) return business
  }
  const business: Business = {
    id: world.newId('business'),
    name: name.trim(),
    created_at: world.clock.now(),
    partner: false,
  }
  world.businesses.set(business.id, business)
  return business
}

/** One business integration system user per client business (and this app). */
function bisuFor(world: World, businessId: string): BisuUser {
  for (const user of world.users.values()) if (user.business_id === businessId) return user
  const user: BisuUser = { id: world.newId('user'), business_id: businessId, waba_ids: [] }
  world.users.set(user.id, user)
  return user
}

export function normalizeDisplayNumber(input: string): string | null {
  const digits = input.replace(/[\s()+.-]/g, '')
  return /^\d{8,15}$/.test(digits) ? digits : null
}

function generatedNumber(world: World): string {
  const taken = new Set([...world.phones.values()].map((p) => p.display_phone_number))
  for (;;) {
    // 1-555-01xx-xxx: the fictional range Meta's own test numbers use ("15550783881").
    const candidate = `155501${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`
    if (!taken.has(candidate)) return candidate
  }
}

export function createPhone(
  world: World,
  waba: Waba,
  input: { display: string; verified_name: string; coexistence?: boolean },
): Phone {
  const phone: Phone = {
    id: world.newId('phone'),
    waba_id: waba.id,
    display_phone_number: input.display,
    verified_name: input.verified_name,
    quality_rating: 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: 'APPROVED',
    messaging_limit_tier: 'TIER_250',
    // A coexistence number is connected to the Cloud API by the signup itself and is never
    // registered by the partner (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users).
    registered: input.coexistence ?? false,
    ever_registered: input.coexistence ?? false,
    pin: null,
    registration_requests: [],
    registration_blocked_until: 0,
    data_localization_region: null,
    throughput_level: input.coexistence ? 'COEXISTENCE' : 'STANDARD',
    webhook_override: null,
    coexistence: input.coexistence ?? false,
    onboarded_at: world.clock.now(),
  }
  world.phones.set(phone.id, phone)
  return phone
}

/**
 * The display number for a new phone: `phone` normalized (or a fresh fictional one), refused when
 * malformed or already on a WABA — a number belongs to one WABA at a time.
 */
export function newDisplayNumber(world: World, phone: string | undefined): string {
  const display = phone === undefined ? generatedNumber(world) : normalizeDisplayNumber(phone)
  if (display === null) {
    throw new OnboardingConflict('phone must be a number of 8 to 15 digits, e.g. "+1 555 0100 123"')
  }
  if ([...world.phones.values()].some((p) => p.display_phone_number === display)) {
    throw new OnboardingConflict(`the number ${display} is already on a WhatsApp Business Account`)
  }
  return display
}

export function onboardClient(world: World, input: OnboardInput): Onboarded {
  const display = input.with_phone ? newDisplayNumber(world, input.phone) : null
  const now = world.clock.now()
  const business = clientBusiness(world, input.business_name)
  const waba: Waba = {
    id: world.newId('waba'),
    name: input.waba_name ?? business.name,
    owner_business_id: business.id,
    currency: input.currency ?? 'USD',
    timezone_id: input.timezone_id ?? '1',
    message_template_namespace: randomUUID().replaceAll('-', '_'),
    primary_funding_id: null,
    created_at: now,
    subscriptions: new Map(),
  }
  world.wabas.set(waba.id, waba)
  const phone =
    display === null
      ? null
      : createPhone(world, waba, {
          display,
          verified_name: input.verified_name ?? business.name,
          coexistence: input.coexistence ?? false,
        })
  const user = bisuFor(world, business.id)
  user.waba_ids.unshift(waba.id)
  const code = authCode()
  world.codes.set(code, { code, user_id: user.id, created_at: now, used: false })
  return { business, waba, phone, user, code }
}
