import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Webhook signatures as Meta computes them: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw
 * body, app secret)>` (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads).
 * The one implementation for the sandbox's dispatcher, the relay's webhook endpoint, the tests and
 * the benchmark receiver.
 *   sign(rawBody, appSecret) → 'sha256=<64 hex>'
 *   verifySignature(rawBody, header, appSecret) → boolean (constant-time; false for a missing or
 *     malformed header)
 * Always pass the exact bytes that went over the wire: re-serialized JSON breaks the HMAC (the
 * reason a relay must store and forward the raw bytes).
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256'

export function sign(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`
}

const HEADER_SHAPE = /^sha256=([0-9a-f]{64})$/i

export function verifySignature(
  rawBody: Buffer | string,
  header: string | readonly string[] | null | undefined,
  appSecret: string,
): boolean {
  if (typeof header !== 'string') return false
  const match = HEADER_SHAPE.exec(header.trim())
  if (!match?.[1]) return false
  const given = Buffer.from(match[1].toLowerCase(), 'hex')
  const expected = createHmac('sha256', appSecret).update(rawBody).digest()
  return given.length === expected.length && timingSafeEqual(given, expected)
}
