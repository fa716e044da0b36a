import { expect } from 'vitest'
import { AppError } from '@shared/contract/errors'

/** Resolves to the AppError a call failed with; fails the test if the call succeeded or threw something else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  if (!('error' in outcome))
    throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`)
  expect(AppError.is(outcome.error)).toBe(true)
  return outcome.error as AppError
}

/** The AppError a synchronous call throws; fails the test if it returns or throws something else. */
export function errorOf(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (AppError.is(error)) return error
    throw error
  }
  throw new Error('expected an AppError')
}
