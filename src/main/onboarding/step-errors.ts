import type { StepError } from '@shared/contract/onboarding'
import { AppError } from '@shared/contract/errors'

/** Meta's error code of a failed Graph call, or null. */
export const graphCodeOf = (error: unknown): number | null =>
  AppError.is(error) && typeof error.details?.graphCode === 'number'
    ? error.details.graphCode
    : null

/** An error as a step records it: code, message, fix and Meta's code; never a secret. */
export function stepErrorOf(error: unknown): StepError {
  if (AppError.is(error)) {
    return {
      code: error.code,
      message: error.message,
      fix: error.fix ?? null,
      graphCode: graphCodeOf(error),
    }
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong in this step; the log has the details.',
    fix: null,
    graphCode: null,
  }
}
