import { z } from 'zod'

/**
 * Every failure that crosses a process boundary is one of these codes. The renderer switches on the
 * code, never on the message; `retryable` tells it whether trying again can help.
 */
export const appErrorCodes = [
  'VALIDATION', // input did not match the contract
  'UNKNOWN_CHANNEL', // no such channel in the contract
  'FORBIDDEN', // sender, origin or token not allowed
  'NOT_FOUND',
  'CONFLICT',
  'CONFIG', // configuration missing or invalid
  'SECRET_UNAVAILABLE', // OS keychain missing, locked, or no session bus
  'STORAGE', // SQLite failed
  'DISK_FULL',
  'GRAPH', // Meta rejected the request; resending the same request will not help
  'GRAPH_AUTH', // token expired, revoked or lacking permission
  'RATE_LIMITED', // throughput, pair rate or API call limits
  'NETWORK', // could not reach the remote
  'TIMEOUT',
  'UNAVAILABLE', // remote temporarily unavailable
  'INTERNAL',
] as const

export type AppErrorCode = (typeof appErrorCodes)[number]

export const appErrorSchema = z.object({
  code: z.enum(appErrorCodes),
  message: z.string(),
  retryable: z.boolean(),
  /** What the user can do about it, in one sentence. */
  fix: z.string().optional(),
  /** Machine-readable context (Graph code, fbtrace_id, field path…). Never secrets. */
  details: z.record(z.string(), z.unknown()).optional(),
  /** Matches the log line that recorded the failure. */
  correlationId: z.string().optional(),
})

export type AppErrorData = z.infer<typeof appErrorSchema>

export interface AppErrorOptions {
  retryable?: boolean
  fix?: string
  details?: Record<string, unknown>
  cause?: unknown
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<AppErrorCode> = new Set([
  'NETWORK',
  'TIMEOUT',
  'UNAVAILABLE',
  'RATE_LIMITED',
])

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly retryable: boolean
  readonly fix: string | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code)
    this.fix = options.fix
    this.details = options.details
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError
  }

  /** Rebuilds an error that crossed a boundary as data. */
  static from(data: AppErrorData): AppError {
    const error = new AppError(data.code, data.message, {
      retryable: data.retryable,
      ...(data.fix === undefined ? {} : { fix: data.fix }),
      ...(data.details === undefined ? {} : { details: data.details }),
    })
    return error
  }

  toData(correlationId?: string): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.fix === undefined ? {} : { fix: this.fix }),
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(correlationId === undefined ? {} : { correlationId }),
    }
  }
}
