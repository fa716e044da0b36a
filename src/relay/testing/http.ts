import { request } from 'node:http'
import { sign } from '@server-kit/crypto/webhook-signature'
import { WEBHOOK_PATH } from '@shared/relay/protocol'

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/**
 * One HTTP request over node:http. Resolves with the answer even when the server answers before
 * reading the whole body and closes (a 413), which fetch reports as a network error.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    req.end(options.body)
  })
}

/** A webhook POST as Meta sends it: the body signed with the app secret. */
export function postWebhook(
  relayUrl: string,
  body: Buffer | string,
  secret: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return send(relayUrl + WEBHOOK_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': sign(body, secret),
      'user-agent': 'facebookexternalua',
      ...headers,
    },
    body,
  })
}

/** A small WhatsApp webhook body, numbered so order and identity can be checked. */
export function webhookBody(n: number): string {
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
              messages: [
                {
                  from: '16505551234',
                  id: `wamid.TEST${String(n).padStart(8, '0')}`,
                  timestamp: '1749416383',
                  type: 'text',
                  text: { body: `message ${n}` },
                },
              ],
            },
          },
        ],
      },
    ],
  })
}
