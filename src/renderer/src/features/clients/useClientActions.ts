import type { ClientDetail } from '@shared/contract/onboarding'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { clientKeys } from '../../queries/query-keys'

/** Puts the client the core returned into the cache and refreshes the lists around it. */
function useStoreClient() {
  const queryClient = useQueryClient()
  return (client: ClientDetail) => {
    queryClient.setQueryData(clientKeys.detail(client.id), client)
    void queryClient.invalidateQueries({ queryKey: clientKeys.lists() })
  }
}

/** Runs the pipeline again from its first unfinished step. */
export function useRetry(clientId: string) {
  const store = useStoreClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.onboarding.retry({ clientId })),
    onSuccess: store,
  })
}

/** Unsubscribes, revokes the credit allocation, deregisters and deletes the client's secrets. */
export function useOffboard(clientId: string) {
  const store = useStoreClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.clients.offboard({ clientId })),
    onSuccess: store,
  })
}

/** Checks token and phone health now, then reloads the client. */
export function useCheckHealth(clientId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.clients.checkHealth({ clientId })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.detail(clientId) }),
  })
}
