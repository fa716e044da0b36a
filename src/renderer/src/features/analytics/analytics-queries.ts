import type { ChannelInput } from '@shared/contract/channels'
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'

export type OverviewFilter = ChannelInput<'analytics:overview'>

export const analyticsKeys = {
  all: ['analytics'] as const,
  overview: (filter: OverviewFilter) => ['analytics', 'overview', filter] as const,
  rateCard: () => ['analytics', 'rate-card'] as const,
}

/** The dashboard's figures for a range of UTC days and a client (or all). */
export const overviewQuery = (filter: OverviewFilter) =>
  queryOptions({
    queryKey: analyticsKeys.overview(filter),
    queryFn: async () => unwrap(await api.analytics.overview(filter)),
    placeholderData: (previous) => previous,
  })

export const rateCardQuery = () =>
  queryOptions({
    queryKey: analyticsKeys.rateCard(),
    queryFn: async () => unwrap(await api.analytics.rateCard()),
  })

/** Imports a rate card; every analytics view is refetched (costs change). */
export function useImportRateCard() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: ChannelInput<'analytics:import-rate-card'>) =>
      unwrap(await api.analytics.importRateCard(input)),
    onSuccess: () => client.invalidateQueries({ queryKey: analyticsKeys.all }),
  })
}
