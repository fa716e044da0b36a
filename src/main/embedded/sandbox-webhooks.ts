import { request } from 'undici'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import type { EmbeddedSandbox } from './start-sandbox'

/** `<relay>/webhooks/whatsapp`: where Meta (here, the sandbox) delivers to a relay. */
export const webhookUrlOf = (relayUrl: string): string =>
  `${relayUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`

/**
 * Sets the sandbox app's webhook callback URL through its control API, as a partner sets it in the
 * App Dashboard: the sandbox first runs Meta's verification GET against the URL
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests)
 * and keeps its previous callback when that fails. Resolves with null, or why it failed.
 */
export async function pointSandboxWebhooks(
  sandbox: Pick<EmbeddedSandbox, 'url' | 'controlToken'>,
  callbackUrl: string,
): Promise<string | null> {
  const response = await request(`${sandbox.url}/_sandbox/config`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${sandbox.controlToken}`,
    },
    body: JSON.stringify({ callback_url: callbackUrl }),
  })
  const text = await response.body.text()
  if (response.statusCode === 200) return null
  let message = text
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } }
    message = parsed.error?.message ?? text
  } catch {
    // Not JSON: the text says it.
  }
  return `HTTP ${response.statusCode}: ${message.slice(0, 300)}`
}
