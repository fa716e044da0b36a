import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { routeFromHash } from '../shell/routes'
import { notifyDrafts } from './notifications'
import { usePresenceStore } from './presence'
import { reviewKeys } from './review-queries'

const onReviewPage = () =>
  document.visibilityState === 'visible' &&
  document.hasFocus() &&
  routeFromHash(window.location.hash) === 'review'

/**
 * Review push events → the queue, the drafts named, the badge count, presence and each
 * conversation's AI state; a desktop notification for new drafts. Mounted once by PushEventBridge.
 */
export function useReviewEvents(): void {
  const queryClient = useQueryClient()
  const setEditors = usePresenceStore((store) => store.set)
  useEffect(() => {
    const off = [
      api.on('drafts:changed', ({ drafts }) => {
        notifyDrafts(drafts, onReviewPage)
        void queryClient.invalidateQueries({ queryKey: reviewKeys.queue() })
        void queryClient.invalidateQueries({ queryKey: reviewKeys.rates() })
        for (const draft of drafts)
          void queryClient.invalidateQueries({ queryKey: reviewKeys.detail(draft.id) })
      }),
      api.on('drafts:presence-changed', ({ editors }) => setEditors(editors)),
      api.on('drafts:conversation-changed', (state) => {
        queryClient.setQueryData(reviewKeys.conversation(state.conversationId), state)
      }),
    ]
    return () => off.forEach((unsubscribe) => unsubscribe())
  }, [queryClient, setEditors])
}
