import { randomBytes, randomInt } from 'node:crypto'

/**
 * Identifiers shaped like Meta's, so code (and people) that eyeball them see nothing unusual:
 * numeric object and media ids of 15–16 digits, `wamid.` + base64 message ids, `EAA…` access
 * tokens, and 23-character fbtrace ids (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes example "Az8or2yhqkZfEZ-_4Qn_Bam").
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function alnum(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  // 248 = 62 × 4: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; i < length; i++) {
    const b = bytes[i] as number
    out += ALNUM[b < 248 ? b % 62 : randomInt(62)]
  }
  return out
}

/**
 * A Graph object id (Meta uses 14–16 digits), never starting with 0. With `random` (a seeded
 * generator) the id is reproducible; without, it comes from the crypto RNG.
 */
export function numericId(digits = 15, random?: () => number): string {
  if (random) {
    let out = String(1 + Math.floor(random() * 9))
    while (out.length < digits) out += String(Math.floor(random() * 10))
    return out
  }
  let out = String(randomInt(1, 10))
  while (out.length < digits) out += String(randomInt(0, 1e9)).padStart(9, '0')
  return out.slice(0, digits)
}

/**
 * Real wamids are base64 of a small protobuf-like record holding the customer's number, the
 * direction and a hex message key. A business message's
 * ("HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJCMTE4RTUA") decodes to
 * 0x1c 0x18 0x0b "16503879439" 0x15 0x02 0x00 0x11 0x18 0x12 "CB6B39DAA892B118E5" 0x00;
 * a customer's (`inbound`: "HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=") has
 * 0x12 0x18 0x14 and a 20-character key. `random` makes the key reproducible (seeded runs).
 */
export function wamid(
  waId: string,
  options: { inbound?: boolean; random?: () => number } = {},
): string {
  const keyLength = options.inbound ? 20 : 18
  const random = options.random
  const key = random
    ? Array.from({ length: keyLength }, () => Math.floor(random() * 16).toString(16)).join('')
    : hexId(keyLength)
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, Math.min(waId.length, 255)]),
    Buffer.from(waId.slice(0, 255), 'latin1'),
    Buffer.from([0x15, 0x02, 0x00, options.inbound ? 0x12 : 0x11, 0x18, keyLength]),
    Buffer.from(key.toUpperCase(), 'latin1'),
    Buffer.from([0x00]),
  ])
  return `wamid.${record.toString('base64')}`
}

/** A SHA-256-sized digest in base64, as inbound media objects carry in `sha256`. */
export function sha256Base64(): string {
  return randomBytes(32).toString('base64')
}

/** Meta user/system-user/business tokens all start with "EAA" and are opaque (https://developers.facebook.com/documentation/business-messaging/whatsapp/access-tokens). */
export function accessToken(): string {
  return `EAA${alnum(3)}ZC${alnum(170)}`
}

export function appSecret(): string {
  return randomBytes(16).toString('hex')
}

/** Authorization codes from FB.login are long opaque strings starting with "AQ". */
export function authCode(): string {
  return `AQ${randomBytes(180).toString('base64url')}`
}

export function fbtraceId(): string {
  return randomBytes(18).toString('base64url').slice(0, 23)
}

export function opaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

/** A short random hex id, e.g. for the ES error form's `session_id` ("f34b51dab5e0498"). */
export function hexId(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
}
