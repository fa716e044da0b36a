import { RESPONDERS, type Responder, type ResponseTimes } from '@shared/contract/analytics'
import { bucketStart } from './facts'

/**
 * Response times by who answered, from the response-time histograms (facts.ts responseBucket):
 * the median is read from the bucket holding the middle reply, interpolated within it, so it is
 * within a bucket's width (≈9 %) of the exact median; the mean is exact.
 */

/** Who answered, by the message's origin (facts.ts effectiveOrigin). */
export function responderOf(origin: string): Responder {
  switch (origin) {
    case 'ai-auto':
      return 'ai'
    case 'ai-approved':
    case 'ai-edited':
      return 'ai-approved'
    case 'agent':
    case 'business-app':
      return 'human'
    default:
      return 'other'
  }
}

export interface HistogramRow {
  origin: string
  first: number
  bucket: number
  n: number
  total_ms: number
}

/** The median of a histogram (bucket → count); null when empty. */
export function histogramMedian(buckets: ReadonlyMap<number, number>): number | null {
  const total = [...buckets.values()].reduce((sum, n) => sum + n, 0)
  if (total <= 0) return null
  const middle = (total - 1) / 2
  let before = 0
  for (const [bucket, n] of [...buckets].sort(([a], [b]) => a - b)) {
    if (before + n > middle) {
      const low = bucketStart(bucket)
      const high = bucketStart(bucket + 1)
      return low + ((high - low) * (middle - before + 0.5)) / n
    }
    before += n
  }
  return null
}

export function responseTimes(rows: readonly HistogramRow[]): ResponseTimes[] {
  return RESPONDERS.map((responder) => {
    const mine = rows.filter((r) => responderOf(r.origin) === responder)
    const all = new Map<number, number>()
    const first = new Map<number, number>()
    let totalMs = 0
    for (const row of mine) {
      all.set(row.bucket, (all.get(row.bucket) ?? 0) + row.n)
      if (row.first === 1) first.set(row.bucket, (first.get(row.bucket) ?? 0) + row.n)
      totalMs += row.total_ms
    }
    const replies = [...all.values()].reduce((sum, n) => sum + n, 0)
    return {
      responder,
      replies,
      medianMs: histogramMedian(all),
      meanMs: replies > 0 ? totalMs / replies : null,
      firstResponses: [...first.values()].reduce((sum, n) => sum + n, 0),
      firstMedianMs: histogramMedian(first),
    }
  })
}
