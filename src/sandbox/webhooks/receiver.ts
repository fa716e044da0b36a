import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from './sign'

/**
 * A webhook callback endpoint for tests and the benchmark: a real node:http server on 127.0.0.1
 * (port 0 by default) that verifies `X-Hub-Signature-256` over the raw bytes, like a partner's
 * server must (reference §4.1), and records what arrived.
 *   startWebhookReceiver({ appSecret, respond?, keep? }) → {
 *     url, received: ReceivedWebhook[], count, waitFor(predicate), close()
 *   }
 *   respond(index, request) → HTTP status to answer, or 'hang' to never answer (timeouts).
 *     Default: 200 when the signature verifies, else 401.
 *   keep: false keeps only counters (benchmarks), not bodies.
 *   verifyToken: answers Meta's GET handshake (`hub.challenge` when `hub.verify_token` matches,
 *     403 otherwise; any token when unset) so the receiver can be set as a callback URL (§4.1).
 */

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  raw: Buffer
  body: unknown
  signatureValid: boolean
  status: number | 'hang'
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** POSTs seen (also counted when `keep` is false). */
  count(): number
  /** Changes seen across all POSTs (sum of entry[].changes lengths). */
  changeCount(): number
  /** Resolves once `predicate(received)` holds; re-checked after every request. */
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean): Promise<void>
  close(): Promise<void>
}

export interface ReceiverOptions {
  appSecret: string
  respond?: (index: number, request: ReceivedWebhook) => number | 'hang'
  keep?: boolean
  port?: number
  verifyToken?: string
}

function countChanges(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0
  const entries = (body as { entry?: unknown }).entry
  if (!Array.isArray(entries)) return 0
  let n = 0
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown }).changes
    if (Array.isArray(changes)) n += changes.length
  }
  return n
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const watchers = new Set<() => void>()
  const keep = options.keep ?? true
  let posts = 0
  let changes = 0

  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const q = new URL(req.url ?? '/', 'http://receiver').searchParams
      const tokenOk =
        options.verifyToken === undefined || q.get('hub.verify_token') === options.verifyToken
      if (q.get('hub.mode') === 'subscribe' && tokenOk) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(q.get('hub.challenge') ?? '')
      } else {
        res.writeHead(403).end()
      }
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const signatureValid = verifySignature(
        raw,
        req.headers['x-hub-signature-256'],
        options.appSecret,
      )
      let body: unknown
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        body = null
      }
      const record: ReceivedWebhook = {
        headers: req.headers,
        raw,
        body,
        signatureValid,
        status: 200,
      }
      const index = posts++
      changes += countChanges(body)
      record.status = options.respond ? options.respond(index, record) : signatureValid ? 200 : 401
      if (keep) received.push(record)
      for (const watcher of [...watchers]) watcher()
      if (record.status === 'hang') return
      res.writeHead(record.status, { 'content-type': 'text/plain' })
      res.end(record.status < 300 ? 'EVENT_RECEIVED' : 'error')
    })
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    count: () => posts,
    changeCount: () => changes,
    waitFor(predicate) {
      if (predicate(received)) return Promise.resolve()
      return new Promise((resolve) => {
        const check = () => {
          if (!predicate(received)) return
          watchers.delete(check)
          resolve()
        }
        watchers.add(check)
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
