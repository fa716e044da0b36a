import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from '@server-kit/crypto/webhook-signature'

/**
 * A webhook callback endpoint for tests and the benchmark: a real node:http server on 127.0.0.1
 * (port 0 by default) that verifies `X-Hub-Signature-256` over the raw bytes, like a partner's
 * server must (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint), and records what arrived.
 *   startWebhookReceiver({ appSecret, respond?, keep?, verifyToken?, handshake? }) → {
 *     url, received: ReceivedWebhook[], handshakes, count, changeCount, changes(), waitFor, close()
 *   }
 *   appSecret, verifyToken: a value, or a function read at each request (a sandbox's config can
 *     change during a test).
 *   respond(index, request) → HTTP status to answer, or 'hang' to never answer (timeouts).
 *     Default: 200 when the signature verifies, else 401.
 *   keep: false keeps only counters (benchmarks), not bodies.
 *   verifyToken: answers Meta's GET handshake (`hub.challenge` when `hub.mode=subscribe` and
 *     `hub.verify_token` matches, 403 otherwise; any token when unset) so the receiver can be set as
 *     a callback URL (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint). handshake: 'wrong-body' answers 200 without the challenge and
 *     'forbidden' answers 403 — endpoints whose verification must fail.
 */

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  raw: Buffer
  body: unknown
  signatureValid: boolean
  status: number | 'hang'
}

/** One `entry[].changes[]` item of a received POST, with its entry's id (and `time` when set). */
export interface ReceivedChange {
  entryId: string
  field: string
  value: unknown
  time?: number
}

export type HandshakeMode = 'ok' | 'wrong-body' | 'forbidden'

/** A value, or a function read each time it is needed. */
export type Live<T> = T | (() => T)

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** The query of every verification GET, in order. */
  handshakes: URLSearchParams[]
  /** POSTs seen (also counted when `keep` is false). */
  count(): number
  /** Changes seen across all POSTs (sum of entry[].changes lengths). */
  changeCount(): number
  /** Every change of the kept POSTs, flattened, in arrival order. */
  changes(): ReceivedChange[]
  /** Resolves once `predicate(received)` holds; re-checked after every request. */
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean): Promise<void>
  close(): Promise<void>
}

export interface ReceiverOptions {
  appSecret: Live<string>
  respond?: (index: number, request: ReceivedWebhook) => number | 'hang'
  keep?: boolean
  port?: number
  verifyToken?: Live<string>
  handshake?: HandshakeMode
}

const read = <T>(value: Live<T>): T => (typeof value === 'function' ? (value as () => T)() : value)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** The changes of one POST body; anything not shaped like Meta's envelope contributes none. */
function changesOf(body: unknown): ReceivedChange[] {
  const entries = isRecord(body) && Array.isArray(body.entry) ? body.entry : []
  return entries.flatMap((entry: unknown) => {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) return []
    return entry.changes.filter(isRecord).map((change) => ({
      entryId: String(entry.id),
      field: String(change.field),
      value: change.value,
      ...(typeof entry.time === 'number' ? { time: entry.time } : {}),
    }))
  })
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const handshakes: URLSearchParams[] = []
  const watchers = new Set<() => void>()
  const notify = () => {
    for (const watcher of [...watchers]) watcher()
  }
  const keep = options.keep ?? true
  let posts = 0
  let changes = 0

  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const q = new URL(req.url ?? '/', 'http://receiver').searchParams
      handshakes.push(q)
      notify()
      const mode = options.handshake ?? 'ok'
      const expected = options.verifyToken === undefined ? undefined : read(options.verifyToken)
      const tokenOk = expected === undefined || q.get('hub.verify_token') === expected
      if (mode !== 'forbidden' && q.get('hub.mode') === 'subscribe' && tokenOk) {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(mode === 'wrong-body' ? 'hello' : (q.get('hub.challenge') ?? ''))
      } else {
        res.writeHead(403).end('forbidden')
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
        read(options.appSecret),
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
      changes += changesOf(body).length
      record.status = options.respond ? options.respond(index, record) : signatureValid ? 200 : 401
      if (keep) received.push(record)
      notify()
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
    handshakes,
    count: () => posts,
    changeCount: () => changes,
    changes: () => received.flatMap((post) => changesOf(post.body)),
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
