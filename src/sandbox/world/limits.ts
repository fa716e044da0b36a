import {
  PAIR_BURST,
  PAIR_INTERVAL_MS,
  pairBucket,
  takeToken,
  type TokenBucket,
} from '@shared/whatsapp/rate-model'
import type { Phone } from './types'

/**
 * Meta's messaging limits, measured on the virtual clock so tests can step through them
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput, https://developers.facebook.com/documentation/business-messaging/whatsapp/about-the-platform, https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration):
 * - pair rate: 1 message per 6 s to the same user, bursts of up to 45 borrow future quota → 131056;
 * - throughput: messages per second per registered number (80 by default) → 130429;
 * - registration: 10 register/deregister requests per number per moving 72 h → 133016, and the
 *   number then stays blocked for 72 h.
 */
export { PAIR_BURST, PAIR_INTERVAL_MS }
export const REGISTRATION_LIMIT = 10
export const REGISTRATION_WINDOW_MS = 72 * 3600_000
/** Throughput by level (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput: 80 default, 1,000 after upgrade, 20 for coexistence). */
export const LEVEL_MPS = { STANDARD: 80, HIGH: 1000, COEXISTENCE: 20 } as const

interface Second {
  second: number
  count: number
}

export interface Limits {
  /** Takes one pair-rate token for (phone, user); false when the burst is spent. */
  takePair(phoneId: string, waId: string, now: number): boolean
  /** Counts one message against the number's per-second throughput; false when over. */
  takeThroughput(phoneId: string, mps: number, now: number): boolean
  clear(): void
}

export function createLimits(): Limits {
  // One model with the Graph client's limiter (src/shared/whatsapp/rate-model.ts), so what the
  // console allows itself is exactly what the sandbox enforces.
  const pairs = new Map<string, TokenBucket>()
  const seconds = new Map<string, Second>()
  return {
    takePair(phoneId, waId, now) {
      const key = `${phoneId}:${waId}`
      let bucket = pairs.get(key)
      if (!bucket) {
        bucket = pairBucket(now)
        pairs.set(key, bucket)
      }
      return takeToken(bucket, now)
    },
    takeThroughput(phoneId, mps, now) {
      const second = Math.floor(now / 1000)
      let slot = seconds.get(phoneId)
      if (!slot) {
        slot = { second, count: 0 }
        seconds.set(phoneId, slot)
      }
      if (slot.second !== second) {
        slot.second = second
        slot.count = 0
      }
      if (slot.count >= mps) return false
      slot.count += 1
      return true
    },
    clear() {
      pairs.clear()
      seconds.clear()
    },
  }
}

/**
 * Records one register/deregister request; returns false (and blocks the number for 72 h) when
 * it is the 11th within the moving window.
 */
export function takeRegistration(phone: Phone, now: number): boolean {
  if (phone.registration_blocked_until > now) return false
  const since = now - REGISTRATION_WINDOW_MS
  phone.registration_requests = phone.registration_requests.filter((t) => t > since)
  if (phone.registration_requests.length >= REGISTRATION_LIMIT) {
    phone.registration_blocked_until = now + REGISTRATION_WINDOW_MS
    return false
  }
  phone.registration_requests.push(now)
  return true
}

/** Effective messages per second for a number: the config default applies to STANDARD numbers. */
export function phoneMps(phone: Phone, configThroughput: number): number {
  if (phone.throughput_level === 'STANDARD') return configThroughput
  if (phone.throughput_level === 'HIGH') return Math.max(LEVEL_MPS.HIGH, configThroughput)
  return LEVEL_MPS.COEXISTENCE
}
