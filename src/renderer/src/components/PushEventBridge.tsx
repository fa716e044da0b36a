import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useOnboardingEvents } from '../features/clients/useOnboardingEvents'
import { useMessagingEvents } from '../features/conversations/useMessagingEvents'
import { useReviewEvents } from '../features/review/useReviewEvents'
import { useTunnelEvents } from '../features/tunnel/useTunnelEvents'
import { api } from '../lib/api'
import { usePlatformClockSync } from '../lib/usePlatformClock'
import { useConnectionStore } from '../stores/connection-store'

/**
 * The one place push events reach the query cache. Mounted once, under the QueryClientProvider.
 * Coarse events invalidate; fine-grained ones (message status, …) will patch cached data.
 */
export function PushEventBridge() {
  const queryClient = useQueryClient()
  // Each domain's events, from its own feature folder.
  useOnboardingEvents()
  useTunnelEvents()
  useMessagingEvents()
  useReviewEvents()
  usePlatformClockSync()

  // The core (re)started: everything cached may describe the previous process.
  useEffect(() => api.on('app:ready', () => void queryClient.invalidateQueries()), [queryClient])

  // After a reconnect, events sent while the socket was down are lost: refetch what is on screen.
  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.reconnects !== previous.reconnects) void queryClient.invalidateQueries()
      }),
    [queryClient],
  )

  return null
}
