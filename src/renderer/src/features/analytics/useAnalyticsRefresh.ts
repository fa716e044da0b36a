import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { analyticsKeys } from './analytics-queries'

const QUIET_MS = 2_000

/**
 * Refetches the figures when messages arrive or change, at most every two seconds (the rollups
 * are already up to date in the core; this only re-reads them).
 */
export function useAnalyticsRefresh() {
  const client = useQueryClient()
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = null
        void client.invalidateQueries({ queryKey: analyticsKeys.all })
      }, QUIET_MS)
    }
    const offs = [
      api.on('messages:received', schedule),
      api.on('messages:status-changed', schedule),
    ]
    return () => {
      for (const off of offs) off()
      if (timer) clearTimeout(timer)
    }
  }, [client])
}
