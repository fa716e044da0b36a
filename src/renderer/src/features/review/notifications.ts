import type { EventPayload } from '@shared/contract/channels'
import { notificationPermission } from '../conversations/notifications'
import { hrefForItem } from '../shell/routes'

type Changed = EventPayload<'drafts:changed'>['drafts'][number]

/**
 * A desktop notification for each draft new in the queue (`created`), unless the agent is on the
 * Review page of a focused window already; more than three at once (a catch-up) give one summary.
 */
export function notifyDrafts(drafts: readonly Changed[], onReviewPage: () => boolean): number {
  if (notificationPermission() !== 'granted' || onReviewPage()) return 0
  const fresh = drafts.filter((draft) => draft.created)
  if (fresh.length === 0) return 0
  const show = (title: string, body: string, tag: string, draftId: number | null) => {
    const notification = new Notification(title, { body, tag })
    notification.onclick = () => {
      window.focus()
      window.location.hash = draftId === null ? '#/review' : hrefForItem('review', String(draftId))
      notification.close()
    }
  }
  if (fresh.length > 3) {
    show(
      `${fresh.length} new drafts to review`,
      'AI replies wait for an agent',
      'wapc-drafts',
      null,
    )
    return 1
  }
  for (const draft of fresh)
    show(
      `Draft to review: ${draft.contactName}`,
      draft.needsAnswer
        ? `Needs an answer: ${draft.inboundText ?? 'a message without text'}`
        : (draft.inboundText ?? 'A message without text'),
      `wapc-draft-${draft.id}`,
      draft.id,
    )
  return fresh.length
}
