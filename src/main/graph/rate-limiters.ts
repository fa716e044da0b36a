import {
  DEFAULT_MPS,
  pairBucket,
  pairPenaltyMs,
  takeToken,
  throughputBucket,
  waitForToken,
  type TokenBucket,
} from '@shared/whatsapp/rate-model'

export type LimitReason = 'throughput' | 'pair'

export type Reservation = { ok: true } | { ok: false; waitMs: number; reason: LimitReason }

export interface SendLimiterOptions {
  now?: () => number
  /** Idle pair buckets are dropped after this long (they would be full again anyway). */
  pairIdleMs?: number
}

interface PairState {
  bucket: TokenBucket
  penaltyUntil: number
  hits: number
}

/**
 * Keeps the outbox under Meta's limits before Meta has to say no: per-number throughput and
 * per-(number, customer) pair rate, plus the 4^X s back-off Meta asks for after a 131056.
 * Non-blocking: `reserve` either takes the slot or says how long to wait, so the outbox can work
 * on other conversations meanwhile instead of stalling one queue.
 */
export function createSendLimiter(options: SendLimiterOptions = {}) {
  const now = options.now ?? Date.now
  const pairIdleMs = options.pairIdleMs ?? 10 * 60_000
  const numbers = new Map<string, { mps: number; bucket: TokenBucket }>()
  const pairs = new Map<string, PairState>()

  const number = (phoneNumberId: string) => {
    let entry = numbers.get(phoneNumberId)
    if (!entry) {
      entry = { mps: DEFAULT_MPS, bucket: throughputBucket(DEFAULT_MPS, now()) }
      numbers.set(phoneNumberId, entry)
    }
    return entry
  }
  const pair = (phoneNumberId: string, recipient: string) => {
    const key = `${phoneNumberId}\u0000${recipient}`
    let entry = pairs.get(key)
    if (!entry) {
      entry = { bucket: pairBucket(now()), penaltyUntil: 0, hits: 0 }
      pairs.set(key, entry)
    }
    return entry
  }

  return {
    /** Takes a send slot for this message, or says which limit applies and for how long. */
    reserve(phoneNumberId: string, recipient: string): Reservation {
      const t = now()
      const p = pair(phoneNumberId, recipient)
      if (p.penaltyUntil > t) return { ok: false, waitMs: p.penaltyUntil - t, reason: 'pair' }
      const pairWait = waitForToken(p.bucket, t)
      if (pairWait > 0) return { ok: false, waitMs: pairWait, reason: 'pair' }
      const n = number(phoneNumberId)
      const wait = waitForToken(n.bucket, t)
      if (wait > 0) return { ok: false, waitMs: wait, reason: 'throughput' }
      takeToken(n.bucket, t)
      takeToken(p.bucket, t)
      return { ok: true }
    },

    /** Meta answered 131056 for this pair: back off 4^X seconds. Returns the wait. */
    pairLimitHit(phoneNumberId: string, recipient: string): number {
      const p = pair(phoneNumberId, recipient)
      const wait = pairPenaltyMs(p.hits)
      p.hits += 1
      p.penaltyUntil = now() + wait
      p.bucket.tokens = 0
      return wait
    },

    /** A send to this pair went through: consecutive-hit counting starts over. */
    pairSucceeded(phoneNumberId: string, recipient: string): void {
      const p = pairs.get(`${phoneNumberId}\u0000${recipient}`)
      if (p) p.hits = 0
    },

    /** Meta answered 130429: drain this number's bucket so the next second starts fresh. */
    throughputHit(phoneNumberId: string): void {
      number(phoneNumberId).bucket.tokens = 0
    },

    /** E.g. 1,000 after a THROUGHPUT_UPGRADE webhook, 20 for coexistence numbers. */
    setThroughput(phoneNumberId: string, mps: number): void {
      if (!Number.isFinite(mps) || mps <= 0)
        throw new RangeError('throughput must be a positive number of messages per second')
      numbers.set(phoneNumberId, { mps, bucket: throughputBucket(mps, now()) })
    },

    throughputOf(phoneNumberId: string): number {
      return number(phoneNumberId).mps
    },

    /** How many numbers and customer pairs are tracked (memory is bounded by active ones). */
    size(): { numbers: number; pairs: number } {
      return { numbers: numbers.size, pairs: pairs.size }
    },

    /** Forget idle pairs so memory stays bounded by active conversations. */
    prune(): void {
      const t = now()
      for (const [key, p] of pairs)
        if (p.penaltyUntil < t && t - p.bucket.updatedAt > pairIdleMs) pairs.delete(key)
    },
  }
}

export type SendLimiter = ReturnType<typeof createSendLimiter>
