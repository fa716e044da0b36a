import type { IncomingMessage, ServerResponse } from 'node:http'
import { SIGNATURE_HEADER, verifySignature } from '@server-kit/crypto/webhook-signature'
import { tokensEqual } from '@server-kit/http/bearer'
import { readBody } from '@server-kit/http/body'
import { HttpRefusal } from '@server-kit/http/refusal'
import type { Logger } from '@server-kit/log/logger'
import { MAX_WEBHOOK_BODY_BYTES } from '@shared/relay/protocol'
import type { EventLog } from '../log/types'
import type { RejectReason, RelayMetrics } from '../metrics'
import { sendText } from './respond'

export interface WebhookDeps {
  log: EventLog
  metrics: RelayMetrics
  logger: Logger
  appSecret: string
  verifyToken: string
  now: () => number
}

/** Headers kept with each event: enough to re-verify the signature and to know the sender. */
const KEPT_HEADERS = ['content-type', 'user-agent', SIGNATURE_HEADER] as const
/** Meta's challenge is a number; anything printable and short is echoed, as text. */
const CHALLENGE = /^[\x21-\x7e]{1,256}$/

/**
 * Meta's verification request: `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`; answer
 * the challenge when the token is ours
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests).
 */
export function handleVerify(url: URL, res: ServerResponse, deps: WebhookDeps): void {
  const mode = url.searchParams.get('hub.mode')
  const token = url.searchParams.get('hub.verify_token')
  const challenge = url.searchParams.get('hub.challenge') ?? ''
  if (mode !== 'subscribe' || !CHALLENGE.test(challenge)) {
    sendText(
      res,
      400,
      'Bad request: expected hub.mode=subscribe, hub.verify_token and hub.challenge.',
    )
    return
  }
  if (!tokensEqual(token, deps.verifyToken)) {
    deps.logger.warn('relay.verify.refused', { reason: 'verify token does not match' })
    sendText(res, 403, 'Forbidden: hub.verify_token does not match WEBHOOK_VERIFY_TOKEN.')
    return
  }
  sendText(res, 200, challenge)
}

/**
 * A webhook delivery: capped body → signature over the raw bytes → JSON check → durable append →
 * 200. Any refusal stores nothing; Meta retries whatever did not get a 200
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications).
 */
export async function handleDelivery(
  req: IncomingMessage,
  res: ServerResponse,
  deps: WebhookDeps,
): Promise<void> {
  deps.metrics.received++
  const started = performance.now()
  const receivedAt = deps.now()
  const refuse = (status: number, reason: RejectReason, message: string) => {
    deps.metrics.reject(reason)
    deps.logger.warn('relay.webhook.refused', { status, reason })
    sendText(res, status, message, status === 413 ? { connection: 'close' } : {})
  }
  let body: Buffer
  try {
    body = await readBody(req, MAX_WEBHOOK_BODY_BYTES)
  } catch (error) {
    if (error instanceof HttpRefusal && error.status === 413)
      refuse(413, 'too_large', `Payload too large: the limit is ${MAX_WEBHOOK_BODY_BYTES} bytes.`)
    else deps.metrics.reject('aborted')
    return
  }
  const signature = req.headers[SIGNATURE_HEADER]
  if (signature === undefined) {
    refuse(401, 'signature_missing', `Unauthorized: the ${SIGNATURE_HEADER} header is missing.`)
    return
  }
  if (!verifySignature(body, signature, deps.appSecret)) {
    refuse(403, 'signature_invalid', `Forbidden: ${SIGNATURE_HEADER} does not match the body.`)
    return
  }
  if (!isJsonObject(body)) {
    refuse(400, 'malformed_json', 'Bad request: the body is not a JSON object.')
    return
  }
  const headers: Record<string, string> = {}
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name]
    if (typeof value === 'string') headers[name] = value
  }
  try {
    await deps.log.append({ receivedAt, headers, body })
  } catch (error) {
    deps.metrics.reject('storage_failed')
    deps.logger.error('relay.webhook.store-failed', { error })
    sendText(res, 503, 'Service unavailable: the event could not be stored; retry later.')
    return
  }
  deps.metrics.stored++
  deps.metrics.headReceivedAt = Math.max(deps.metrics.headReceivedAt ?? 0, receivedAt)
  sendText(res, 200, 'EVENT_RECEIVED')
  deps.metrics.ackSeconds.observe((performance.now() - started) / 1000)
}

/**
 * The JSON check only: the parsed value is thrown away (the relay stores and forwards the raw
 * bytes), so a plain JSON.parse is safe here and several times cheaper than the null-prototype
 * parse that code which uses the value needs.
 */
function isJsonObject(body: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}
