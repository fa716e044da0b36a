/** How long a single Graph call may keep trying before it gives the failure to its caller. */
export interface RetryPolicy {
  /** Attempts including the first. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Total time budget for all attempts and waits. */
  budgetMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  budgetMs: 20_000,
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * spreads retries of many clients hitting the same limit instead of synchronising them.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(random() * ceiling)
}
