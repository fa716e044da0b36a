import { z } from 'zod'
import { parseRetryAfter } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import { graphErrorInfo, type RetryClass } from '@shared/whatsapp/error-codes'

/** Meta's error envelope (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes). Liberal: only `code` and `message` are relied on. */
const graphErrorBodySchema = z.object({
  error: z
    .object({
      message: z.string().optional(),
      type: z.string().optional(),
      code: z.coerce.number().int(),
      error_subcode: z.coerce.number().int().optional(),
      error_data: z
        .object({ messaging_product: z.string().optional(), details: z.string().optional() })
        .passthrough()
        .optional(),
      error_user_title: z.string().optional(),
      error_user_msg: z.string().optional(),
      fbtrace_id: z.string().optional(),
    })
    .passthrough(),
})

/** Codes the caller's limiter handles better than an in-call wait (131056 wants 4^X seconds). */
const NOT_RETRIED_IN_CALL = new Set([131056])

export interface GraphFailure {
  error: AppError
  /** Whether repeating this same call soon (within a call's retry budget) can succeed. */
  retryInCall: boolean
  /** Server-suggested wait before retrying (Retry-After), in ms. */
  retryAfterMs?: number
}

/**
 * Turns a non-2xx Graph response into an AppError. `details` carries what support needs (Graph
 * code, subcode, fbtrace_id, Meta's `details`) and nothing secret; `retryable` follows the shared
 * error-code table, so every code Meta documents is classified.
 */
export function parseGraphError(
  status: number,
  body: string,
  endpoint: string,
  retryAfterHeader?: string | string[],
): GraphFailure {
  const retryAfterMs = parseRetryAfter(retryAfterHeader)
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    json = undefined
  }
  const parsed = graphErrorBodySchema.safeParse(json)
  if (!parsed.success) {
    // Not Meta's envelope: a proxy, a load balancer, an HTML error page.
    const transient = status >= 500 || status === 429 || status === 408
    const error = new AppError(
      transient ? 'UNAVAILABLE' : 'GRAPH',
      `${endpoint}: HTTP ${status} without a Graph error body`,
      {
        retryable: transient,
        details: { endpoint, httpStatus: status },
      },
    )
    return {
      error,
      retryInCall: transient,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }
  }
  const e = parsed.data.error
  const info = graphErrorInfo(e.code)
  const retry: RetryClass = info.retry
  const detailText = e.error_data?.details
  const message = [
    e.error_user_msg ?? e.message ?? `(#${e.code}) ${info.title}`,
    detailText && !String(e.message).includes(detailText) ? detailText : null,
  ]
    .filter(Boolean)
    .join(' — ')
  const error = new AppError(info.appCode, message, {
    retryable: retry !== 'no',
    ...(info.fix ? { fix: info.fix } : {}),
    details: {
      endpoint,
      httpStatus: status,
      graphCode: e.code,
      ...(e.error_subcode === undefined ? {} : { graphSubcode: e.error_subcode }),
      ...(e.type ? { graphType: e.type } : {}),
      ...(detailText ? { graphDetails: detailText } : {}),
      ...(e.fbtrace_id ? { fbtraceId: e.fbtrace_id } : {}),
      retry,
      ...(retry === 'later' && info.waitMs ? { retryAfterMs: info.waitMs } : {}),
    },
  })
  return {
    error,
    retryInCall: retry === 'backoff' && !NOT_RETRIED_IN_CALL.has(e.code),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }
}

/** Network-level failures: which ones prove the request never reached Meta. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

export interface NetworkFailure {
  error: AppError
  /** True when the request provably did not reach the server, so even a send can be retried. */
  notSent: boolean
}

export function networkError(cause: unknown, endpoint: string, timedOut: boolean): NetworkFailure {
  const code = String((cause as { code?: unknown })?.code ?? '')
  const notSent = NOT_SENT.has(code)
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      notSent: code === 'UND_ERR_CONNECT_TIMEOUT',
      error: new AppError('TIMEOUT', `${endpoint}: Meta did not answer in time`, {
        retryable: true,
        details: {
          endpoint,
          networkCode: code || 'timeout',
          maybeDelivered: code !== 'UND_ERR_CONNECT_TIMEOUT',
        },
        cause,
      }),
    }
  }
  return {
    notSent,
    error: new AppError(
      'NETWORK',
      `${endpoint}: could not reach the Graph API (${code || (cause as Error)?.message})`,
      {
        retryable: true,
        fix: notSent
          ? 'Check the internet connection (or that the sandbox is running), then try again.'
          : undefined,
        details: { endpoint, networkCode: code || 'unknown', maybeDelivered: !notSent },
        cause,
      },
    ),
  }
}
