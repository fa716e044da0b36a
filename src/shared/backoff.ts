/**
 * The one backoff function: capped exponential delay with jitter, pure (no timers, no Node), so the
 * core, the sandbox, the relay's clients and the renderer all use it.
 *
 * `attempt` counts failures so far (0 = the first retry). The step doubles per attempt from
 * `baseMs` up to `capMs`; jitter spreads clients that failed at the same moment so they do not
 * retry in lockstep (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * - `equal` (default): half the step is fixed, half random — never an immediate retry;
 * - `full`: anywhere from 0 to the step — the widest spread, for many clients behind one limit.
 */
export interface Backoff {
  baseMs: number
  capMs: number
  jitter?: 'equal' | 'full'
}

export function backoffDelay(
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const step = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt))
  const fixed = backoff.jitter === 'full' ? 0 : step / 2
  return Math.round(fixed + random() * (step - fixed))
}

/**
 * A `Retry-After` header's wait in ms: delta-seconds or an HTTP date
 * (https://www.rfc-editor.org/rfc/rfc9110#name-retry-after); undefined when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | readonly string[] | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = typeof header === 'string' ? header : header?.[0]
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}
