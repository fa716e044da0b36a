import { randomInt } from 'node:crypto'
import type { Readable } from 'node:stream'
import { request } from 'undici'

/**
 * Meta's webhook verification request (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint): a GET to the callback with
 * `hub.mode=subscribe`, `hub.challenge` and `hub.verify_token`; the endpoint passes only by
 * answering 200 with the challenge as the body. Sent whenever a callback URL or verify token is
 * set — in the App Dashboard, and for overrides in subscribed_apps / webhook_configuration (OVR).
 */
export type HandshakeResult = { ok: true } | { ok: false; reason: string; status?: number }

/**
 * The callback's reply is read up to this many bytes (a challenge is ten digits) and only compared
 * with the challenge: a callback_url aimed at some other local service must not turn the sandbox
 * into a way to read that service's pages.
 */
export const HANDSHAKE_REPLY_BYTES = 1024

export type Handshake = (url: string, verifyToken: string) => Promise<HandshakeResult>

export interface HandshakeOptions {
  timeoutMs?: number
}

export function createHandshake(options: HandshakeOptions = {}): Handshake {
  const timeoutMs = options.timeoutMs ?? 5_000
  return async (url, verifyToken) => {
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000))
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return { ok: false, reason: `"${url}" is not a valid URL` }
    }
    target.searchParams.set('hub.mode', 'subscribe')
    target.searchParams.set('hub.challenge', challenge)
    target.searchParams.set('hub.verify_token', verifyToken)
    try {
      const response = await request(target, {
        method: 'GET',
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: { 'user-agent': 'facebookexternalua' },
      })
      if (response.statusCode !== 200) {
        discard(response.body)
        return {
          ok: false,
          reason: `the callback answered HTTP ${response.statusCode}, not 200`,
          status: response.statusCode,
        }
      }
      const reply = await readReply(response.body, HANDSHAKE_REPLY_BYTES)
      if (reply === null || reply.toString('utf8').trim() !== challenge) {
        return {
          ok: false,
          reason: 'the callback answered 200 but its body was not the hub.challenge value',
          status: 200,
        }
      }
      return { ok: true }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, reason: `could not reach the callback: ${message}` }
    }
  }
}

/** Closes a reply without reading it (the abort this causes is expected, not an error). */
function discard(body: Readable): void {
  body.on('error', () => undefined)
  body.destroy()
}

/** The first `limit` bytes of a reply, or null when it is longer; the rest is never read. */
async function readReply(body: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length
      if (size > limit) return null
      chunks.push(chunk as Buffer)
    }
  } finally {
    discard(body)
  }
  return Buffer.concat(chunks)
}

/** Meta's error when an override URL fails verification: "(#2200) Callback verification failed…". */
export function handshakeFailureMessage(result: Exclude<HandshakeResult, { ok: true }>): string {
  const detail =
    result.status === undefined
      ? `curl_error = ${result.reason}`
      : result.status === 200
        ? 'The response does not match the hub.challenge value'
        : `HTTP Status Code = ${result.status}; HTTP Message = ${result.reason}`
  return `(#2200) Callback verification failed with the following errors: ${detail}`
}
