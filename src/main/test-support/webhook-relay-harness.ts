import { randomBytes } from 'node:crypto'
import { newToken } from '@server-kit/http/bearer'
import { inboundTextWebhook, postWebhook } from '@server-kit/testing/webhook-body'
import { startEmbeddedRelay, type EmbeddedRelay } from '../embedded/start-relay'
import { createLogger } from '../logger'
import { onboardOverHttp, sandboxControl } from './sandbox-control'

export interface TestRelay extends EmbeddedRelay {
  appSecret: string
  verifyToken: string
  /** POSTs a body signed with the app secret, as Meta does; resolves with the HTTP status. */
  post(body: string): Promise<number>
}

/** A real relay (the one `npm run relay` runs) on 127.0.0.1, SQLite in `dataDir/relay/`. */
export async function startTestRelay(
  dataDir: string,
  options: { port?: number; appSecret?: string; desktopToken?: string; signupOrigin?: string } = {},
): Promise<TestRelay> {
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex')
  const verifyToken = 'test-verify-token'
  const relay = await startEmbeddedRelay({
    dataDir,
    port: options.port,
    appSecret,
    verifyToken,
    desktopToken: options.desktopToken ?? newToken(),
    log: createLogger({ level: 'error', console: false }),
    ...(options.signupOrigin === undefined ? {} : { signupOrigin: options.signupOrigin }),
  })
  return {
    ...relay,
    appSecret,
    verifyToken,
    post: async (body) => (await postWebhook(relay.url, body, appSecret)).status,
  }
}

/** A `messages` webhook carrying one inbound text message with this wamid. */
export function inboundBody(wamid: string, text = 'Hello'): string {
  return inboundTextWebhook({ wamid, text })
}

/** Polls until `check` holds (tests of asynchronous streams; no timing is asserted). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Over the sandbox's HTTP APIs only (as a trainer would script it): a client finishes Embedded
 * Signup, the partner subscribes to its WABA and registers its number, then a customer writes.
 * Resolves with the customer message's wamid.
 */
export async function sandboxCustomerWrites(
  sandbox: { url: string; controlToken: string },
  text = 'Hello from a customer',
): Promise<string> {
  const client = await onboardOverHttp(sandbox, { business_name: 'Tunnel Test Co' })
  const sent = await sandboxControl(sandbox)<{ id: string }>('POST', 'customers/messages', {
    phone_number_id: client.phoneNumberId,
    from: '16315551181',
    type: 'text',
    text: { body: text },
  })
  return sent.id
}
