import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { clientKeys, onboardingKeys, type ClientListFilter } from './query-keys'

/** Client rows matching the filter (state) and search (name, phone, ids); the core filters. */
export const clientsListQuery = (filter: ClientListFilter) =>
  queryOptions({
    queryKey: clientKeys.list(filter),
    queryFn: async () => unwrap(await api.clients.list(filter)),
  })

/** One client: ids, steps, token and phone health, subscription, credit allocation, history. */
export const clientDetailQuery = (clientId: string) =>
  queryOptions({
    queryKey: clientKeys.detail(clientId),
    queryFn: async () => unwrap(await api.clients.get({ clientId })),
  })

/** Recent Embedded Signup attempts with their events (CANCEL and error forms included). */
export const signupSessionsQuery = () =>
  queryOptions({
    queryKey: onboardingKeys.sessions(),
    queryFn: async () => unwrap(await api.onboarding.sessions({ limit: 20 })),
  })
