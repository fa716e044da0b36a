import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { TunnelStatus } from '@shared/contract/tunnel'
import { api } from '../../lib/api'
import { tunnelKeys } from '../../queries/query-keys'

/**
 * `tunnel:state-changed` carries the whole status: it replaces the cached one, so the status bar
 * and Settings follow the connection live; `tunnel:events-projected` moves its inbox backlog.
 * Mounted once by PushEventBridge.
 */
export function useTunnelEvents(): void {
  const queryClient = useQueryClient()
  useEffect(() => {
    const offState = api.on('tunnel:state-changed', (status) =>
      queryClient.setQueryData(tunnelKeys.status(), status),
    )
    // The inbox filling behind the tunnel: only the backlog moves.
    const offProjected = api.on('tunnel:events-projected', ({ backlog }) =>
      queryClient.setQueryData<TunnelStatus>(tunnelKeys.status(), (status) =>
        status ? { ...status, inboxBacklog: backlog } : status,
      ),
    )
    return () => {
      offState()
      offProjected()
    }
  }, [queryClient])
}
