import { AppError } from '@shared/contract/errors'
import { QueryClient } from '@tanstack/react-query'

const MAX_RETRIES = 3

/**
 * Retries only what the core marked retryable (network, timeout, rate limits): a validation error or
 * a locked keychain will not fix itself by asking again.
 */
export const shouldRetry = (failureCount: number, error: unknown): boolean =>
  failureCount < MAX_RETRIES && AppError.is(error) && error.retryable

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // The core is local and pushes changes; refetching on every focus would only add noise.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  })
}
