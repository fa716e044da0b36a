import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { secretKeys } from './query-keys'

/** Whether each user secret is configured, and its last 4 characters. Never a value. */
export const secretStatusQuery = () =>
  queryOptions({
    queryKey: secretKeys.status(),
    queryFn: async () => unwrap(await api.secrets.status()),
  })
