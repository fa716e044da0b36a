import type {
  DispatchInput,
  DispatcherDeps,
  DispatcherStats,
  StoredDelivery,
  WebhookDispatcher,
} from './dispatcher-types'
import { createWebhookPoster } from './post'
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
 * Signed webhook delivery with Meta's semantics (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint).
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
 *
 * Surviving a restart: a batch that starts waiting for a retry is written to `store` (and removed
 * once acknowledged or given up on); `pending()` lists every unacknowledged batch for the final
 * save at shutdown, and `restore()` takes them back at the next start (at least once: a batch in
 * flight at shutdown is sent again, as Meta may send a webhook twice).
 */

export type {
  DispatchInput,
  DispatcherClock,
  DispatcherDeps,
  DispatcherOptions,
  DispatcherStats,
  DispatchLogEvent,
  DeliveryStore,
  StoredDelivery,
  WebhookDispatcher,
} from './dispatcher-types'

interface Forming {
  changes: QueuedChange[]
  bytes: number
  cancelTimer: (() => void) | null
}

/** A batch in this run: the stored fields but its retry time, and whether the store has it. */
interface Delivery extends Omit<StoredDelivery, 'retryAt'> {
  /** Written to the store (awaiting a retry, or restored): removed from it once settled. */
  stored: boolean
}

const toStored = ({ stored: _stored, ...d }: Delivery, retryAt: number): StoredDelivery => ({
  ...d,
  retryAt,
})

export function createWebhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const random = deps.random ?? Math.random
  const log = deps.log ?? (() => {})
  const forming = new Map<string, Forming>()
  const queue: Delivery[] = []
  const inFlight = new Map<string, number>()
  /** Batches awaiting a retry, with the virtual time it is due. */
  const waiting = new Map<Delivery, { retryAt: number; cancel: () => void }>()
  const posting = new Set<Delivery>()
  let nextId = 1
  const poster = createWebhookPoster(() => opts().maxInFlight ?? 8)
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
    queue.push({
      id: nextId++,
      url,
      body,
      count,
      attempts: 0,
      waitedMs: 0,
      duplicate: false,
      stored: false,
    })
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

  async function post(d: Delivery): Promise<void> {
    inFlight.set(d.url, (inFlight.get(d.url) ?? 0) + 1)
    posting.add(d)
    d.attempts++
    s.posts++
    const timeout = opts().requestTimeoutMs ?? 10_000
    const { status, error } = await poster.post(d.url, d.body, deps.target().appSecret, timeout)
    inFlight.set(d.url, (inFlight.get(d.url) ?? 1) - 1)
    posting.delete(d)
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
        // Meta retries to every subscribed app and may resend what was acknowledged (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint).
        s.duplicates += d.count
        s.pending += d.count
        log({ kind: 'duplicate', url: d.url, count: d.count })
        queue.push({ ...d, id: nextId++, attempts: 0, waitedMs: 0, duplicate: true, stored: false })
      }
    }
    finished(d)
  }

  function finished(d: Delivery): void {
    if (d.stored) deps.store?.remove(d.id)
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
      finished(d)
      return
    }
    d.waitedMs += delay
    s.retried++
    log({ kind: 'retry', url: d.url, count: d.count, retry, delayMs: delay })
    if (delay === 0) {
      queue.push(d)
      return
    }
    const retryAt = deps.clock.now() + delay
    if (deps.store) {
      deps.store.save(toStored(d, retryAt))
      d.stored = true
    }
    waitFor(d, retryAt, delay)
  }

  function waitFor(d: Delivery, retryAt: number, delay: number): void {
    const cancel = deps.clock.after(delay, () => {
      waiting.delete(d)
      queue.push(d)
      schedulePump()
    })
    waiting.set(d, { retryAt, cancel })
  }

  function restore(deliveries: readonly StoredDelivery[]): void {
    if (closed) return
    const now = deps.clock.now()
    for (const { retryAt, ...saved } of deliveries) {
      const d: Delivery = { ...saved, stored: true }
      nextId = Math.max(nextId, d.id + 1)
      s.pending += d.count
      if (retryAt <= now) queue.push(d)
      else waitFor(d, retryAt, retryAt - now)
    }
    schedulePump()
  }

  function pending(): StoredDelivery[] {
    const now = deps.clock.now()
    const out: StoredDelivery[] = []
    for (const [url, batch] of forming) {
      const body = buildBatchBody(batch.changes)
      const count = batch.changes.length
      const d = { id: nextId++, url, body, count, attempts: 0, waitedMs: 0, duplicate: false }
      out.push(toStored({ ...d, stored: false }, now))
    }
    for (const d of [...queue, ...posting]) out.push(toStored(d, now))
    for (const [d, { retryAt }] of waiting) out.push(toStored(d, retryAt))
    return out
  }

  return {
    enqueue,
    flushed() {
      if (s.pending === 0) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    },
    stats: () => ({ ...s }),
    restore,
    pending,
    async close() {
      closed = true
      for (const batch of forming.values()) batch.cancelTimer?.()
      forming.clear()
      for (const { cancel } of waiting.values()) cancel()
      waiting.clear()
      posting.clear()
      queue.length = 0
      s.pending = 0
      for (const resolve of waiters.splice(0)) resolve()
      await poster.close()
    },
  }
}
