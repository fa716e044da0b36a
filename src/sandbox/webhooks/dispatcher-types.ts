import type { WebhookEntryInput } from './payloads'

/**
 * What `enqueue` takes: a payload builder's `WebhookEntryInput` ({wabaId, field, value, url?}), or
 * the server's `WebhookDelivery` shape ({entryId, field, value, time?, url}) — so the dispatcher is
 * a `WebhookSink` (src/sandbox/ports.ts) as it is.
 */
export type DispatchInput =
  | (WebhookEntryInput & { time?: number })
  | { entryId: string; field: string; value: object; time?: number; url?: string }

/** Types of the webhook dispatcher (dispatcher.ts), split out to keep that file readable. */

export interface DispatcherOptions {
  batchMax: number
  /** Nominal ms; scaled by the clock's time scale. */
  batchWindowMs: number
  /** 0..1: probability that a delivered batch is delivered again. */
  duplicateRate: number
  reorder: boolean
  /** Total POSTs per batch, the first included. */
  maxAttempts: number
  /** Nominal ms of the second retry (the first is immediate); doubles from there. */
  baseBackoffMs: number
  /** Concurrent POSTs per URL (default 8). */
  maxInFlight?: number
  /** Real ms a POST may take before it counts as failed (default 10 000). */
  requestTimeoutMs?: number
  /** Default 3 MB (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint). */
  maxBatchBytes?: number
}

/** The narrow part of the sandbox clock the dispatcher needs (src/sandbox/clock.ts fits it). */
export interface DispatcherClock {
  now(): number
  after(ms: number, fn: () => void): () => void
}

export type DispatchLogEvent =
  | {
      kind: 'post'
      url: string
      count: number
      attempt: number
      status: number | null
      error?: string
    }
  | { kind: 'retry'; url: string; count: number; retry: number; delayMs: number }
  | { kind: 'drop'; url: string | null; count: number; reason: string }
  | { kind: 'duplicate'; url: string; count: number }

export interface DispatcherStats {
  enqueued: number
  /** Changes acknowledged with a 2xx (first delivery; duplicates not counted). */
  delivered: number
  /** Changes given up on after maxAttempts / 7 days. */
  failed: number
  /** Retry POSTs scheduled. */
  retried: number
  /** Changes not yet delivered or given up on (batching, queued, in flight, awaiting retry). */
  pending: number
  /** Changes re-sent as duplicates. */
  duplicates: number
  /** Changes with no callback URL to go to. */
  dropped: number
  posts: number
}

export interface WebhookDispatcher {
  enqueue(entry: DispatchInput): void
  flushed(): Promise<void>
  stats(): DispatcherStats
  /** Takes back batches saved by a previous run: each is retried at its `retryAt`. */
  restore(deliveries: readonly StoredDelivery[]): void
  /** Every batch not yet acknowledged (forming, queued, in flight, awaiting a retry), to save. */
  pending(): StoredDelivery[]
  close(): Promise<void>
}

/** A batch as the store keeps it: what is needed to POST it again and to keep counting. */
export interface StoredDelivery {
  id: number
  url: string
  body: Buffer
  /** Changes in the batch. */
  count: number
  /** POSTs made so far. */
  attempts: number
  /** Sum of nominal backoff delays, checked against Meta's 7-day window. */
  waitedMs: number
  duplicate: boolean
  /** Virtual epoch ms (clock.now()) of the next attempt. */
  retryAt: number
}

/**
 * Where batches awaiting a retry are written as they start waiting (so a crash keeps them) and
 * removed once acknowledged or given up on.
 */
export interface DeliveryStore {
  save(delivery: StoredDelivery): void
  remove(id: number): void
}

export interface DispatcherDeps {
  clock: DispatcherClock
  target: () => { url: string | null; appSecret: string }
  options: () => DispatcherOptions
  log?: (event: DispatchLogEvent) => void
  random?: () => number
  store?: DeliveryStore
}
