import { backoffDelay as sharedBackoff } from '@shared/backoff'

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
 * The wait before retry `attempt` (0 = first retry) under `policy`: the shared backoff with full
 * jitter, which spreads many clients hitting the same limit instead of synchronising them.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  return sharedBackoff(
    attempt,
    { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs, jitter: 'full' },
    random,
  )
}
