export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  baseMs: number
  /** No delay exceeds this, however many attempts failed. */
  capMs: number
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, capMs: 15_000 }

/**
 * Capped exponential backoff with "equal jitter": half the exponential delay is fixed, the other half
 * random, so desktops that lost the core at the same moment do not reconnect in lockstep and no retry
 * comes immediately. `attempt` counts failures so far (0 = first retry).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt))
  const half = exponential / 2
  return Math.round(half + random() * half)
}
