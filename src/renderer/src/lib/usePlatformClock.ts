import type { AppInfo } from '@shared/contract/app'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { appInfoQuery } from '../queries/app-queries'
import { appKeys } from '../queries/query-keys'
import { api } from './api'
import { setPlatformClockOffset } from './now'

/**
 * Keeps the renderer's platform clock (lib/now.ts) on the core's: the offset from `app:info`, then
 * each `app:clock-changed` (sandbox mode: `POST /_sandbox/clock`). Mounted once, by PushEventBridge.
 */
export function usePlatformClockSync(): void {
  const queryClient = useQueryClient()
  const { data } = useQuery(appInfoQuery())
  const offset = data?.platformClockOffsetMs
  useEffect(() => {
    if (offset !== undefined) setPlatformClockOffset(offset)
  }, [offset])
  useEffect(
    () =>
      api.on('app:clock-changed', ({ offsetMs }) => {
        setPlatformClockOffset(offsetMs)
        queryClient.setQueryData<AppInfo>(appKeys.info(), (info) =>
          info ? { ...info, platformClockOffsetMs: offsetMs } : info,
        )
      }),
    [queryClient],
  )
}
