import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { settingsKeys } from './query-keys'

/** Every non-secret setting with its effective value and where that value comes from. */
export const settingsViewQuery = () =>
  queryOptions({
    queryKey: settingsKeys.view(),
    queryFn: async () => unwrap(await api.settings.get()),
  })
