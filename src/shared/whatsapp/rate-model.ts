/**
 * Meta's send limits as one model, shared by the sandbox (which enforces them) and the Graph
 * client's limiters (which stay under them). https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput and https://developers.facebook.com/documentation/business-messaging/whatsapp/about-the-platform:
 * - throughput: 80 messages/s per registered number by default (1,000 after the automatic
 *   upgrade, 20 for coexistence numbers) → error 130429;
 * - pair rate: 1 message per 6 s to the same user; bursts of up to 45 borrow future quota → 131056,
 *   after which Meta advises waiting 4^X seconds (X = 0, 1, 2… consecutive hits).
 */
export const DEFAULT_MPS = 80
export const UPGRADED_MPS = 1000
export const COEXISTENCE_MPS = 20
export const PAIR_BURST = 45
export const PAIR_INTERVAL_MS = 6_000

export interface TokenBucket {
  capacity: number
  /** Tokens added per millisecond. */
  refillPerMs: number
  tokens: number
  updatedAt: number
}

export function createBucket(capacity: number, refillPerMs: number, now: number): TokenBucket {
  return { capacity, refillPerMs, tokens: capacity, updatedAt: now }
}

function refill(bucket: TokenBucket, now: number): void {
  if (now > bucket.updatedAt) {
    bucket.tokens = Math.min(
      bucket.capacity,
      bucket.tokens + (now - bucket.updatedAt) * bucket.refillPerMs,
    )
    bucket.updatedAt = now
  }
}

/** Milliseconds until one token is available (0 = now). Does not take it. */
export function waitForToken(bucket: TokenBucket, now: number): number {
  refill(bucket, now)
  return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / bucket.refillPerMs)
}

/** Takes a token if one is available now. */
export function takeToken(bucket: TokenBucket, now: number): boolean {
  if (waitForToken(bucket, now) > 0) return false
  bucket.tokens -= 1
  return true
}

export const throughputBucket = (mps: number, now: number) => createBucket(mps, mps / 1000, now)
export const pairBucket = (now: number) => createBucket(PAIR_BURST, 1 / PAIR_INTERVAL_MS, now)

/** Meta's advice after a 131056: wait 4^X seconds, X counting consecutive hits from 0. */
export const pairPenaltyMs = (consecutiveHits: number) => 4 ** Math.min(consecutiveHits, 6) * 1000
