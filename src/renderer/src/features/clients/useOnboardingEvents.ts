import type { ClientDetail, ClientRow } from '@shared/contract/onboarding'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { clientKeys, onboardingKeys } from '../../queries/query-keys'
import { showToast } from '../../stores/toast-store'
import { useProgressStore, type ProgressEvent } from './progress-store'

export const ONBOARDED_TOAST = 'Client onboarded successfully!'

/** Applies a step change to cached data at once, so the step list moves before the refetch. */
function patchCaches(queryClient: QueryClient, event: ProgressEvent): void {
  queryClient.setQueryData<ClientDetail>(clientKeys.detail(event.clientId), (detail) =>
    detail
      ? {
          ...detail,
          state: event.state,
          steps: detail.steps.map((step) =>
            step.step === event.step
              ? {
                  ...step,
                  status: event.status,
                  attempts: event.attempts,
                  message: event.message,
                  lastError: event.error,
                  updatedAt: event.at,
                }
              : step,
          ),
        }
      : detail,
  )
  queryClient.setQueriesData<ClientRow[]>({ queryKey: clientKeys.lists() }, (rows) =>
    rows?.map((row) =>
      row.id === event.clientId
        ? {
            ...row,
            state: event.state,
            steps: row.steps.map((step) =>
              step.step === event.step ? { ...step, status: event.status } : step,
            ),
          }
        : row,
    ),
  )
}

/**
 * Onboarding push events → the query cache, the live step log and the success toast. Mounted once
 * by PushEventBridge (events are per app, not per page).
 */
export function useOnboardingEvents(): void {
  const queryClient = useQueryClient()

  useEffect(
    () =>
      api.on('onboarding:progress', (event) => {
        // From the events alone, not the cache: a refetch may already show the end state.
        const before = useProgressStore.getState().byClient[event.clientId]?.at(-1)?.state
        useProgressStore.getState().record(event)
        patchCaches(queryClient, event)
        if (event.state === 'onboarded' && before !== 'onboarded') showToast(ONBOARDED_TOAST)
        void queryClient.invalidateQueries({ queryKey: clientKeys.lists() })
        void queryClient.invalidateQueries({ queryKey: clientKeys.detail(event.clientId) })
      }),
    [queryClient],
  )

  useEffect(
    () =>
      api.on('clients:changed', (change) => {
        void queryClient.invalidateQueries({ queryKey: clientKeys.lists() })
        if (change.clientId) {
          void queryClient.invalidateQueries({ queryKey: clientKeys.detail(change.clientId) })
        }
        if (change.reason === 'session' || change.reason === 'created') {
          void queryClient.invalidateQueries({ queryKey: onboardingKeys.sessions() })
        }
      }),
    [queryClient],
  )
}
