import { queryOptions } from '@tanstack/react-query'
import { api } from '../lib/api'
import { unwrap } from '../lib/unwrap'
import { mediaKeys, templateKeys } from './query-keys'

/** A client's templates as last synced from its WABA (or created here). */
export const templatesQuery = (clientId: string) =>
  queryOptions({
    queryKey: templateKeys.list(clientId),
    queryFn: async () => unwrap(await api.templates.list({ clientId })),
    staleTime: Number.POSITIVE_INFINITY,
  })

/**
 * Where a message's media can be loaded from (downloaded inbound media, uploaded outbound media),
 * or that it is still pending. `media:changed` invalidates it when the download lands.
 */
export const mediaQuery = (messageId: number) =>
  queryOptions({
    queryKey: mediaKeys.message(messageId),
    queryFn: async () => unwrap(await api.media.get({ messageId })),
    staleTime: Number.POSITIVE_INFINITY,
  })
