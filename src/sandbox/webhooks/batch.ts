import { backoffDelay } from '@shared/backoff'

/**
 * Pure helpers of the dispatcher (dispatcher.ts):
 *   prepareChange(entry, nowSeconds) → QueuedChange    serializes one change once, at enqueue
 *   buildBatchBody(changes) → Buffer                    Meta's envelope from pre-serialized changes
 *   backoffDelayMs(retry, baseMs, random) → ms          nominal delay before retry number `retry`
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint: ≤ 1000 updates and ≤ 3 MB per POST; retried immediately, then with decreasing
 * frequency (exponential backoff) for up to 7 days.
 */

export const META_BATCH_MAX = 1000
export const META_MAX_PAYLOAD_BYTES = 3 * 1024 * 1024
export const RETRY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000
/** Longest single wait between retries; past it the frequency stops decreasing. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000

export interface QueuedChange {
  entryId: string
  /** Unix seconds; only for non-`messages` fields, which carry `entry[].time` (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages). */
  time: number | undefined
  /** `{"value":…,"field":"…"}` — serialized once so a batch is a string join, not a re-stringify. */
  json: string
  bytes: number
}

export function prepareChange(
  entry:
    | { wabaId: string; field: string; value: object; time?: number }
    | { entryId: string; field: string; value: object; time?: number },
  nowSeconds: number,
): QueuedChange {
  // Meta writes `value` before `field` in changes.
  const json = `{"value":${JSON.stringify(entry.value)},"field":${JSON.stringify(entry.field)}}`
  return {
    entryId: 'entryId' in entry ? entry.entryId : entry.wabaId,
    time: entry.field === 'messages' ? undefined : (entry.time ?? nowSeconds),
    json,
    bytes: Buffer.byteLength(json),
  }
}

/** Bytes of the envelope around the changes, plus per-entry overhead (`{"id":…,"changes":[]}`). */
export const ENVELOPE_OVERHEAD_BYTES = 64
export const ENTRY_OVERHEAD_BYTES = 96

/**
 * Groups `messages` changes under one entry per WABA (first-appearance order) and gives every
 * management change its own entry with its `time`.
 */
export function buildBatchBody(changes: readonly QueuedChange[]): Buffer {
  const byWaba = new Map<string, string[]>()
  const entries: (string | { id: string; changes: string[] })[] = []
  for (const change of changes) {
    if (change.time !== undefined) {
      const id = JSON.stringify(change.entryId)
      entries.push(`{"id":${id},"time":${change.time},"changes":[${change.json}]}`)
      continue
    }
    const list = byWaba.get(change.entryId)
    if (list) {
      list.push(change.json)
    } else {
      const fresh = [change.json]
      byWaba.set(change.entryId, fresh)
      entries.push({ id: change.entryId, changes: fresh })
    }
  }
  const parts = entries.map((e) =>
    typeof e === 'string' ? e : `{"id":${JSON.stringify(e.id)},"changes":[${e.changes.join(',')}]}`,
  )
  return Buffer.from(`{"object":"whatsapp_business_account","entry":[${parts.join(',')}]}`)
}

/**
 * Nominal (unscaled) delay before retry number `retry` (1 = the first retry): the first retry is
 * immediate; then base × 2^(retry−2) with "equal jitter" (between half and all of it), so each
 * delay is at least the previous one's maximum — frequency only decreases — until MAX_BACKOFF_MS.
 */
export function backoffDelayMs(retry: number, baseMs: number, random: () => number): number {
  if (retry <= 1) return 0
  return backoffDelay(retry - 2, { baseMs, capMs: MAX_BACKOFF_MS }, random)
}

export function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = items[i] as T
    items[i] = items[j] as T
    items[j] = tmp
  }
}
