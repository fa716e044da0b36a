import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { tunnelKeys } from '../../queries/query-keys'

/**
 * `tunnel:state-changed` carries the whole status: it replaces the cached one, so the status bar
 * and Settings follow the connection live. Mounted once by PushEventBridge.
 */
export function useTunnelEvents(): void {
  const queryClient = useQueryClient()
  useEffect(
    () =>
      api.on('tunnel:state-changed', (status) =>
        queryClient.setQueryData(tunnelKeys.status(), status),
      ),
    [queryClient],
  )
}
