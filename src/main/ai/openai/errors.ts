import { parseRetryAfter } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import { APIError, APIConnectionError } from 'openai'

/**
 * Every way a call to an OpenAI-compatible server fails, as one AppError each: what happened
 * (`details.kind`), whether trying again can help (`retryable`), and when the server asked us to
 * (`details.retryAfterMs`). The provider retries only transport failures (rate limit, server
 * error, timeout, connection); the pipeline shows the rest as a failed draft.
 */
export type ProviderFailureKind =
  | 'auth'
  | 'quota'
  | 'rate-limited'
  | 'server'
  | 'bad-request'
  | 'not-found'
  | 'timeout'
  | 'connection'
  | 'malformed-stream'
  | 'truncated'
  | 'invalid-answer'
  | 'config'
  | 'cancelled'

export type TimeoutPhase = 'first-byte' | 'idle' | 'total'

export class ProviderTimeout extends Error {
  constructor(
    readonly phase: TimeoutPhase,
    readonly ms: number,
  ) {
    super(`no ${phase === 'idle' ? 'data' : 'answer'} within ${ms} ms`)
    this.name = 'ProviderTimeout'
  }
}

export const kindOf = (error: AppError): ProviderFailureKind | null =>
  (error.details?.kind as ProviderFailureKind | undefined) ?? null

/** `retry-after-ms` (OpenAI's), else `Retry-After` (the shared parser). */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(ms) && ms >= 0) return ms
  return parseRetryAfter(headers?.get('retry-after'))
}

const providerMessage = (error: APIError) => {
  const body = error.error as { message?: unknown } | undefined
  return typeof body?.message === 'string' ? body.message.slice(0, 300) : null
}

const retryAfter = (error: APIError) => {
  const after = retryAfterMs(error.headers)
  return after === undefined ? {} : { retryAfterMs: after }
}

function fromStatus(error: APIError, where: string): AppError {
  const status = error.status ?? 0
  const said = providerMessage(error)
  const details = (kind: ProviderFailureKind, extra: Record<string, unknown> = {}) => ({
    kind,
    status,
    ...(error.requestID ? { requestId: error.requestID } : {}),
    ...(said ? { providerMessage: said } : {}),
    ...extra,
  })
  if (status === 401 || status === 403)
    return new AppError('CONFIG', `${where} refused the API key (${status}).`, {
      retryable: false,
      fix: 'Set a valid key under Settings → Secrets → AI API key.',
      details: details('auth'),
    })
  if (status === 429 && error.code === 'insufficient_quota')
    return new AppError('CONFIG', `${where} says the account's quota is used up (429).`, {
      retryable: false,
      fix: "Check the AI account's plan and billing.",
      details: details('quota'),
    })
  if (status === 429)
    return new AppError('RATE_LIMITED', `${where} is rate limiting requests (429).`, {
      retryable: true,
      details: details('rate-limited', retryAfter(error)),
    })
  if (status === 404)
    return new AppError('CONFIG', `${where} has no such model or endpoint (404).`, {
      retryable: false,
      fix: 'Check the AI base URL (it ends in /v1 for most servers) and the AI model name.',
      details: details('not-found'),
    })
  if (status >= 500 || status === 408 || status === 409)
    return new AppError('UNAVAILABLE', `${where} failed (${status}).`, {
      retryable: true,
      details: details('server', retryAfter(error)),
    })
  return new AppError('CONFIG', `${where} refused the request (${status}).`, {
    retryable: false,
    fix: 'Check the AI model: it must support chat completions with JSON output.',
    details: details('bad-request'),
  })
}

/** Maps whatever a call threw to a classified AppError (`where`: "The AI server at <host>"). */
export function classifyProviderError(error: unknown, where: string): AppError {
  if (AppError.is(error)) return error
  if (error instanceof ProviderTimeout)
    return new AppError('TIMEOUT', `${where} sent ${error.message}.`, {
      retryable: true,
      details: { kind: 'timeout', phase: error.phase, ms: error.ms },
    })
  if (error instanceof APIError && error.status !== undefined) return fromStatus(error, where)
  if (error instanceof SyntaxError)
    return new AppError('UNAVAILABLE', `${where} sent a stream this app cannot read.`, {
      // A server or proxy that garbles its stream does it again: not retried automatically.
      retryable: false,
      fix: 'Check that the AI base URL points at an OpenAI-compatible server (not a proxy page).',
      details: { kind: 'malformed-stream', reason: error.message },
    })
  if (error instanceof APIConnectionError || error instanceof TypeError) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    return new AppError('NETWORK', `${where} could not be reached or closed the connection.`, {
      retryable: true,
      details: {
        kind: 'connection',
        reason: String(cause?.code ?? cause?.message ?? error.message),
      },
    })
  }
  if (error instanceof APIError)
    return new AppError('UNAVAILABLE', `${where} reported an error in its stream.`, {
      retryable: true,
      details: { kind: 'server', providerMessage: providerMessage(error) },
    })
  return new AppError('INTERNAL', `Drafting with ${where} failed unexpectedly.`, {
    retryable: false,
    details: { kind: 'config', reason: error instanceof Error ? error.message : String(error) },
  })
}
