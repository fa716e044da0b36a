import { backoffDelay, type Backoff } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import type OpenAI from 'openai'
import type { Logger } from '../../logger'
import { classifyProviderError, kindOf, ProviderTimeout, type ProviderFailureKind } from './errors'

/**
 * One chat completion, streamed, with three clocks: until the first chunk (a server that accepts
 * the connection and then says nothing), between chunks (a stream that stalls), and overall. The
 * SDK's own retries are off: retries here honour `Retry-After` and use the shared backoff.
 */
export interface Timeouts {
  firstByteMs: number
  idleMs: number
  totalMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { firstByteMs: 20_000, idleMs: 15_000, totalMs: 60_000 }

export interface RetryOptions {
  /** Attempts including the first. */
  maxAttempts: number
  backoff: Backoff
  /** A longer `Retry-After` is not waited for here: the failure goes to the caller to schedule. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 3,
  backoff: { baseMs: 500, capMs: 8_000 },
  maxRetryAfterMs: 30_000,
}

export type CompletionBody = OpenAI.Chat.ChatCompletionCreateParamsStreaming

export interface Completion {
  text: string
  /** The model the server says answered (may differ from the one asked: an alias). */
  model: string | null
}

const RETRIED: ReadonlySet<ProviderFailureKind> = new Set([
  'rate-limited',
  'server',
  'timeout',
  'connection',
])

/** One attempt. Throws raw errors (classified by the caller). */
export async function streamOnce(
  client: OpenAI,
  body: CompletionBody,
  timeouts: Timeouts,
  outer?: AbortSignal,
): Promise<Completion> {
  const controller = new AbortController()
  const state: { timeout: ProviderTimeout | null } = { timeout: null }
  const expire = (phase: ProviderTimeout['phase'], ms: number) => () => {
    state.timeout = new ProviderTimeout(phase, ms)
    controller.abort(state.timeout)
  }
  let phaseTimer = setTimeout(expire('first-byte', timeouts.firstByteMs), timeouts.firstByteMs)
  const totalTimer = setTimeout(expire('total', timeouts.totalMs), timeouts.totalMs)
  const cancel = () => controller.abort(outer?.reason)
  outer?.addEventListener('abort', cancel, { once: true })
  if (outer?.aborted) cancel()
  let text = ''
  let model: string | null = null
  let finish: string | null = null
  try {
    const stream = await client.chat.completions.create(body, { signal: controller.signal })
    for await (const chunk of stream) {
      clearTimeout(phaseTimer)
      phaseTimer = setTimeout(expire('idle', timeouts.idleMs), timeouts.idleMs)
      model = chunk.model || model
      const choice = chunk.choices?.[0]
      text += choice?.delta?.content ?? ''
      finish = choice?.finish_reason ?? finish
    }
  } catch (error) {
    throw state.timeout ?? error
  } finally {
    clearTimeout(phaseTimer)
    clearTimeout(totalTimer)
    outer?.removeEventListener('abort', cancel)
  }
  // The SDK ends an aborted stream quietly: what arrived is not the whole answer.
  if (state.timeout) throw state.timeout
  if (outer?.aborted)
    throw new AppError('UNAVAILABLE', 'Drafting was cancelled.', {
      retryable: true,
      details: { kind: 'cancelled' },
    })
  if (finish === 'length')
    throw new AppError('UNAVAILABLE', "The AI model's answer was cut off (length limit).", {
      retryable: false,
      fix: 'Choose a model with a larger output limit.',
      details: { kind: 'truncated' },
    })
  return { text, model }
}

export interface CompletionDeps {
  log: Logger
  /** "The AI server at <host>", for messages. */
  where: string
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Streams a completion, retrying rate limits, server errors, timeouts and dropped connections
 * up to `retry.maxAttempts`, each wait the longer of the server's `Retry-After` and the backoff.
 * Throws the classified AppError of the last attempt, with `details.attempts`.
 */
export async function streamCompletion(
  client: OpenAI,
  body: CompletionBody,
  options: { timeouts: Timeouts; retry: RetryOptions; signal?: AbortSignal },
  deps: CompletionDeps,
): Promise<Completion> {
  const sleep = deps.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamOnce(client, body, options.timeouts, options.signal)
    } catch (raw) {
      const error = classifyProviderError(raw, deps.where)
      const kind = kindOf(error)
      const retryAfter = error.details?.retryAfterMs
      const wait = Math.max(
        typeof retryAfter === 'number' ? retryAfter : 0,
        backoffDelay(attempt - 1, options.retry.backoff, deps.random),
      )
      const again =
        error.retryable &&
        kind !== null &&
        RETRIED.has(kind) &&
        attempt < options.retry.maxAttempts &&
        !options.signal?.aborted &&
        !(typeof retryAfter === 'number' && retryAfter > options.retry.maxRetryAfterMs)
      deps.log.warn('ai.provider-failed', {
        attempt,
        kind,
        code: error.code,
        retryable: error.retryable,
        ...(again ? { retryInMs: wait } : {}),
        details: error.details,
      })
      if (!again)
        throw new AppError(error.code, error.message, {
          retryable: error.retryable,
          ...(error.fix ? { fix: error.fix } : {}),
          details: { ...error.details, attempts: attempt },
          cause: raw,
        })
      await sleep(wait)
    }
  }
}
