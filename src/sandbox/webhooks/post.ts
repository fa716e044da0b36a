import { Pool } from 'undici'
import { sign } from '@server-kit/crypto/webhook-signature'

/**
 * One signed webhook POST as Meta sends it (`X-Hub-Signature-256` over the exact body, user agent
 * `facebookexternalua`), through a keep-alive undici Pool per origin. Never throws: a failure is
 * `{status: null, error}` for the dispatcher to retry.
 */
export interface WebhookPoster {
  post(
    url: string,
    body: Buffer,
    appSecret: string,
    timeoutMs: number,
  ): Promise<{ status: number | null; error?: string }>
  /** destroy, not close: a receiver that hangs must not hold the sandbox open. */
  close(): Promise<void>
}

export function createWebhookPoster(connections: () => number): WebhookPoster {
  const pools = new Map<string, Pool>()

  function poolFor(url: URL): Pool {
    let pool = pools.get(url.origin)
    if (!pool) {
      pool = new Pool(url.origin, {
        connections: Math.max(1, connections()),
        keepAliveTimeout: 4_000,
      })
      pools.set(url.origin, pool)
    }
    return pool
  }

  return {
    async post(target, body, appSecret, timeoutMs) {
      try {
        const url = new URL(target)
        const response = await poolFor(url).request({
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': sign(body, appSecret),
            'user-agent': 'facebookexternalua',
          },
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        })
        await response.body.dump()
        return { status: response.statusCode }
      } catch (err) {
        const error =
          err instanceof Error ? ((err as { code?: string }).code ?? err.message) : String(err)
        return { status: null, error }
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.destroy()))
      pools.clear()
    },
  }
}
