import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { appKeys } from './query-keys'

/** Mode, data directory, Graph endpoint and version of the running core. */
export const appInfoQuery = () =>
  queryOptions({
    queryKey: appKeys.info(),
    queryFn: async () => unwrap(await api.app.info()),
  })
