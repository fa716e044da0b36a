import { WEBHOOK_PATH } from '@shared/relay/protocol'
import { sign, SIGNATURE_HEADER } from '../crypto/webhook-signature'
import { send, type Reply } from './http'

/**
 * Webhooks as Meta sends them, for tests and benchmarks of the relay, the tunnel and the core:
 * a `messages` webhook with one customer's text message
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages)
 * and the headers Meta signs it with
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads).
 */

export interface InboundText {
  wamid: string
  text: string
  /** The customer's WhatsApp id (default 16315551181). */
  from?: string
  /** The customer's profile name (default Kerry Fisher). */
  name?: string
  /** Meta's timestamp in Unix seconds (default now). */
  at?: number
}

/** A `messages` webhook carrying one inbound text message, as compact JSON (as Meta sends it). */
export function inboundTextWebhook(message: InboundText): string {
  const from = message.from ?? '16315551181'
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: message.name ?? 'Kerry Fisher' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: message.wamid,
                  timestamp: String(message.at ?? Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: message.text },
                },
              ],
            },
          },
        ],
      },
    ],
  })
}

/** The headers of Meta's webhook POST: JSON, the body's HMAC with the app secret, Meta's agent. */
export function signedWebhookHeaders(
  body: Buffer | string,
  appSecret: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: sign(body, appSecret),
    'user-agent': 'facebookexternalua',
  }
}

/** POSTs `body` signed with `appSecret` to the relay's webhook endpoint; `headers` override. */
export function postWebhook(
  relayUrl: string,
  body: Buffer | string,
  appSecret: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return send(relayUrl + WEBHOOK_PATH, {
    method: 'POST',
    headers: { ...signedWebhookHeaders(body, appSecret), ...headers },
    body,
  })
}
