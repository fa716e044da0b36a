import { AppError, type AppErrorData } from '@shared/contract/errors'
import type { Result } from '@shared/contract/result'

/** An AppError rebuilt from an envelope, keeping the correlation id that matches the core's log. */
export class RemoteAppError extends AppError {
  readonly correlationId: string | undefined

  constructor(data: AppErrorData) {
    super(data.code, data.message, {
      retryable: data.retryable,
      ...(data.fix === undefined ? {} : { fix: data.fix }),
      ...(data.details === undefined ? {} : { details: data.details }),
    })
    this.correlationId = data.correlationId
  }
}

/** Returns the value of a successful envelope, or throws its error so TanStack Query sees it. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new RemoteAppError(result.error)
}

/** Anything caught in the UI, as the data the error components render. */
export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof RemoteAppError) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.fix === undefined ? {} : { fix: error.fix }),
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.correlationId === undefined ? {} : { correlationId: error.correlationId }),
    }
  }
  if (AppError.is(error)) return error.toData()
  return {
    code: 'INTERNAL',
    message: error instanceof Error ? error.message : 'Something went wrong in the console.',
    retryable: false,
  }
}
