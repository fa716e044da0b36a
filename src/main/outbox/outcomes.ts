import { backoffDelay, type Backoff } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import type { OutboxError } from '@shared/contract/outbox'
import { graphErrorInfo } from '@shared/whatsapp/error-codes'

/** What to do with a send that did not succeed. */
export type Outcome =
  /** Queue it again after `waitMs` (a limit, a transient failure). */
  | { kind: 'retry'; waitMs: number; error: OutboxError; limit?: 'throughput' | 'pair' }
  /** Meta may have it: leave it `sending` for the status webhook to settle (never re-sent). */
  | { kind: 'unconfirmed'; error: OutboxError }
  /** Give up, showing Meta's reason. */
  | { kind: 'failed'; error: OutboxError }

export interface OutcomeOptions {
  /** Attempts after which a retryable failure becomes terminal (still retryable by hand). */
  maxAttempts: number
  backoff: Backoff
  /** After 130429: the number's second is full, so the wait is short (and the limiter drains). */
  throughputBackoff: Backoff
  /**
   * After a token error (190…): onboarding health pauses the client and re-authorization renews
   * the token, so the message waits this long between tries instead of failing at once.
   */
  authRetryMs: number
  random?: () => number
}

const THROUGHPUT = 130429
const PAIR = 131056

/** Meta's error as the outbox shows it: the code's title from error-codes.ts, Meta's words. */
export function outboxError(error: unknown, retryable?: boolean): OutboxError {
  if (!AppError.is(error))
    return {
      code: null,
      title: 'Internal error',
      message: error instanceof Error ? error.message : String(error),
      fix: null,
      retryable: true,
    }
  const code = typeof error.details?.graphCode === 'number' ? error.details.graphCode : null
  return {
    code,
    title: code !== null ? graphErrorInfo(code).title : error.code.toLowerCase().replace('_', ' '),
    message: error.message,
    fix: error.fix ?? null,
    retryable: retryable ?? error.retryable,
  }
}

/**
 * Classifies a failed send (the Graph client's AppError) after `attempts` attempts:
 * - 131056 (pair rate): Meta's 4^X s from the limiter (`pairWaitMs`);
 * - 130429 (throughput): the shared backoff from a short base (the number's second is full);
 * - other `backoff` codes, and network failures that prove the request never left: the shared
 *   backoff (src/shared/backoff.ts);
 * - a lost answer (timeout or reset after the request left: `maybeDelivered`): unconfirmed;
 * - a token error (190…): retried every `authRetryMs` while the client gets re-authorized (the
 *   worker holds a paused client's rows without trying);
 * - everything else (`no` and `later` codes, 131047 outside the window…): failed with
 *   Meta's reason. A retryable failure that ran out of attempts fails too, retryable by hand.
 */
export function classifySendFailure(
  error: unknown,
  attempts: number,
  options: OutcomeOptions,
  pairWaitMs: () => number,
): Outcome {
  if (AppError.is(error) && error.details?.maybeDelivered === true)
    return { kind: 'unconfirmed', error: outboxError(error, true) }
  const auth = AppError.is(error) && error.code === 'GRAPH_AUTH'
  const shown = outboxError(error, auth ? true : undefined)
  // `later` codes (hours to days: 72 h registration limits…) are not worth holding a chat for.
  const later = AppError.is(error) && error.details?.retry === 'later'
  if (!shown.retryable || later) return { kind: 'failed', error: shown }
  if (attempts >= options.maxAttempts)
    return {
      kind: 'failed',
      error: { ...shown, message: `${shown.message} (gave up after ${attempts} attempts)` },
    }
  if (auth) return { kind: 'retry', waitMs: options.authRetryMs, error: shown }
  if (shown.code === PAIR)
    return { kind: 'retry', waitMs: pairWaitMs(), error: shown, limit: 'pair' }
  if (shown.code === THROUGHPUT)
    return {
      kind: 'retry',
      waitMs: backoffDelay(attempts - 1, options.throughputBackoff, options.random),
      error: shown,
      limit: 'throughput',
    }
  return {
    kind: 'retry',
    waitMs: backoffDelay(attempts - 1, options.backoff, options.random),
    error: shown,
  }
}
