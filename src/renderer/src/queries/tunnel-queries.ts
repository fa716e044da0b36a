import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { tunnelKeys } from './query-keys'

/**
 * The webhook tunnel's connection state and lag. Fetched once; after that `tunnel:state-changed`
 * pushes replace it (useTunnelEvents), so it never goes stale on its own.
 */
export const tunnelStatusQuery = () =>
  queryOptions({
    queryKey: tunnelKeys.status(),
    queryFn: async () => unwrap(await api.tunnel.status()),
    staleTime: Number.POSITIVE_INFINITY,
  })
