import { useQuery } from '@tanstack/react-query'
import { queueQuery } from './review-queries'

/** The nav sidebar's count of drafts waiting for an agent. */
export function ReviewBadge() {
  const queue = useQuery({ ...queueQuery(), select: (data) => data.pendingCount })
  const count = queue.data ?? 0
  if (count === 0) return null
  return (
    <span className="nav-badge" data-testid="review-badge" aria-label={`${count} drafts to review`}>
      {count}
    </span>
  )
}
