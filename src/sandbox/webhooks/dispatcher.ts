import { Pool } from 'undici'
import type {
  DispatchInput,
  DispatcherDeps,
  DispatcherStats,
  WebhookDispatcher,
} from './dispatcher-types'
import { sign } from './sign'
import {
  backoffDelayMs,
  buildBatchBody,
  ENTRY_OVERHEAD_BYTES,
  ENVELOPE_OVERHEAD_BYTES,
  META_BATCH_MAX,
  META_MAX_PAYLOAD_BYTES,
  prepareChange,
  RETRY_WINDOW_MS,
  shuffleInPlace,
  type QueuedChange,
} from './batch'

/**
 * Signed webhook delivery with Meta's semantics (reference §4.1–§4.2).
 *
 *   createWebhookDispatcher({ clock, target, options, log?, random? }) → {
 *     enqueue({ wabaId, field, value, url? }): void   // url = per-WABA override_callback_uri
 *       (also accepts ports.ts's WebhookDelivery {entryId, field, value, time?, url}: it is a WebhookSink)
 *     flushed(): Promise<void>                         // resolves when nothing is pending
 *     stats(): DispatcherStats
 *     close(): Promise<void>
 *   }
 *   target()  → { url: string | null, appSecret }     read at enqueue (url) and at each POST (secret)
 *   options() → DispatcherOptions                      read live, so /_sandbox/config applies at once
 *
 * Changes are batched per target URL for `batchWindowMs` (× clock time scale) or until `batchMax`
 * (≤ 1000) / 3 MB; `messages` changes are grouped under one entry per WABA; the body is built once,
 * signed (`X-Hub-Signature-256`) and POSTed through a keep-alive undici Pool per origin with at
 * most `maxInFlight` requests per URL. Non-2xx, timeouts and connection errors are retried at once,
 * then with exponential backoff and jitter (× time scale) until `maxAttempts` or Meta's 7 days.
 * `duplicateRate` re-sends delivered batches; `reorder` shuffles changes within a batch and picks
 * the next batch to send at random. With `reorder` off, batches leave in FIFO order.
 */

export type {
  DispatchInput,
  DispatcherClock,
  DispatcherDeps,
  DispatcherOptions,
  DispatcherStats,
  DispatchLogEvent,
  WebhookDispatcher,
} from './dispatcher-types'

interface Forming {
  changes: QueuedChange[]
  bytes: number
  cancelTimer: (() => void) | null
}

interface Delivery {
  url: string
  body: Buffer
  count: number
  /** POSTs made so far. */
  attempts: number
  /** Sum of nominal backoff delays, checked against Meta's 7-day window. */
  waitedMs: number
  duplicate: boolean
}

export function createWebhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const random = deps.random ?? Math.random
  const log = deps.log ?? (() => {})
  const forming = new Map<string, Forming>()
  const queue: Delivery[] = []
  const inFlight = new Map<string, number>()
  const retryTimers = new Set<() => void>()
  const pools = new Map<string, Pool>()
  const waiters: (() => void)[] = []
  const s: DispatcherStats = {
    enqueued: 0,
    delivered: 0,
    failed: 0,
    retried: 0,
    pending: 0,
    duplicates: 0,
    dropped: 0,
    posts: 0,
  }
  let pumpScheduled = false
  let closed = false

  const opts = () => deps.options()

  function settle(count: number): void {
    s.pending -= count
    if (s.pending === 0) for (const resolve of waiters.splice(0)) resolve()
  }

  function enqueue(entry: DispatchInput): void {
    if (closed) return
    s.enqueued++
    const url = entry.url ?? deps.target().url
    if (!url) {
      s.dropped++
      log({ kind: 'drop', url: null, count: 1, reason: 'no callback URL configured' })
      return
    }
    const o = opts()
    const change = prepareChange(entry, Math.floor(deps.clock.now() / 1000))
    const maxBytes = o.maxBatchBytes ?? META_MAX_PAYLOAD_BYTES
    const batchMax = Math.max(1, Math.min(META_BATCH_MAX, Math.floor(o.batchMax)))
    s.pending++
    let batch = forming.get(url)
    if (batch && batch.bytes + change.bytes + ENTRY_OVERHEAD_BYTES > maxBytes) {
      flush(url)
      batch = undefined
    }
    if (!batch) {
      const fresh: Forming = { changes: [], bytes: ENVELOPE_OVERHEAD_BYTES, cancelTimer: null }
      fresh.cancelTimer = deps.clock.after(Math.max(0, o.batchWindowMs), () => {
        fresh.cancelTimer = null
        if (forming.get(url) === fresh) flush(url)
      })
      forming.set(url, fresh)
      batch = fresh
    }
    batch.changes.push(change)
    batch.bytes += change.bytes + ENTRY_OVERHEAD_BYTES
    if (batch.changes.length >= batchMax) flush(url)
  }

  function flush(url: string): void {
    const batch = forming.get(url)
    if (!batch) return
    forming.delete(url)
    batch.cancelTimer?.()
    if (opts().reorder) shuffleInPlace(batch.changes, random)
    const body = buildBatchBody(batch.changes)
    const count = batch.changes.length
    queue.push({ url, body, count, attempts: 0, waitedMs: 0, duplicate: false })
    schedulePump()
  }

  function schedulePump(): void {
    if (pumpScheduled || closed) return
    pumpScheduled = true
    // Deferred so a synchronous burst of flushes is queued before anything is picked.
    queueMicrotask(pump)
  }

  function pump(): void {
    pumpScheduled = false
    if (closed) return
    const maxInFlight = Math.max(1, opts().maxInFlight ?? 8)
    const reorder = opts().reorder
    for (;;) {
      const eligible: number[] = []
      for (let i = 0; i < queue.length; i++) {
        const d = queue[i] as Delivery
        if ((inFlight.get(d.url) ?? 0) < maxInFlight) {
          eligible.push(i)
          if (!reorder) break
        }
      }
      if (eligible.length === 0) return
      const index = reorder
        ? (eligible[Math.floor(random() * eligible.length)] as number)
        : (eligible[0] as number)
      const [delivery] = queue.splice(index, 1)
      if (delivery) void post(delivery)
    }
  }

  function poolFor(url: URL): Pool {
    let pool = pools.get(url.origin)
    if (!pool) {
      pool = new Pool(url.origin, {
        connections: Math.max(1, opts().maxInFlight ?? 8),
        keepAliveTimeout: 4_000,
      })
      pools.set(url.origin, pool)
    }
    return pool
  }

  async function post(d: Delivery): Promise<void> {
    inFlight.set(d.url, (inFlight.get(d.url) ?? 0) + 1)
    d.attempts++
    s.posts++
    const timeout = opts().requestTimeoutMs ?? 10_000
    let status: number | null = null
    let error: string | undefined
    try {
      const url = new URL(d.url)
      const response = await poolFor(url).request({
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': sign(d.body, deps.target().appSecret),
          'user-agent': 'facebookexternalua',
        },
        body: d.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      })
      status = response.statusCode
      await response.body.dump()
    } catch (err) {
      error = err instanceof Error ? ((err as { code?: string }).code ?? err.message) : String(err)
    }
    inFlight.set(d.url, (inFlight.get(d.url) ?? 1) - 1)
    if (closed) return
    log({
      kind: 'post',
      url: d.url,
      count: d.count,
      attempt: d.attempts,
      status,
      ...(error ? { error } : {}),
    })
    if (status !== null && status >= 200 && status < 300) delivered(d)
    else failedAttempt(d, error ?? `HTTP ${status}`)
    schedulePump()
  }

  function delivered(d: Delivery): void {
    if (!d.duplicate) {
      s.delivered += d.count
      const rate = opts().duplicateRate
      if (rate > 0 && random() < rate) {
        // Meta retries to every subscribed app and may resend what was acknowledged (§4.2).
        s.duplicates += d.count
        s.pending += d.count
        log({ kind: 'duplicate', url: d.url, count: d.count })
        queue.push({ ...d, attempts: 0, waitedMs: 0, duplicate: true })
      }
    }
    settle(d.count)
  }

  function failedAttempt(d: Delivery, reason: string): void {
    const o = opts()
    const retry = d.attempts // the retry about to be scheduled: 1 = first retry
    const delay = backoffDelayMs(retry, o.baseBackoffMs, random)
    if (d.attempts >= Math.max(1, o.maxAttempts) || d.waitedMs + delay > RETRY_WINDOW_MS) {
      if (!d.duplicate) s.failed += d.count
      log({
        kind: 'drop',
        url: d.url,
        count: d.count,
        reason: `gave up after ${d.attempts} attempts: ${reason}`,
      })
      settle(d.count)
      return
    }
    d.waitedMs += delay
    s.retried++
    log({ kind: 'retry', url: d.url, count: d.count, retry, delayMs: delay })
    if (delay === 0) {
      queue.push(d)
      return
    }
    const cancel = deps.clock.after(delay, () => {
      retryTimers.delete(cancel)
      queue.push(d)
      schedulePump()
    })
    retryTimers.add(cancel)
  }

  return {
    enqueue,
    flushed() {
      if (s.pending === 0) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    },
    stats: () => ({ ...s }),
    async close() {
      closed = true
      for (const batch of forming.values()) batch.cancelTimer?.()
      forming.clear()
      for (const cancel of retryTimers) cancel()
      retryTimers.clear()
      queue.length = 0
      s.pending = 0
      for (const resolve of waiters.splice(0)) resolve()
      // destroy, not close: a receiver that hangs must not hold the sandbox open.
      await Promise.all([...pools.values()].map((pool) => pool.destroy()))
      pools.clear()
    },
  }
}
