import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PageHeader } from '../../components/PageHeader'
import { hrefFor, hrefForItem } from '../shell/routes'
import { useHashParam } from '../shell/useHashRoute'
import { DraftPanel } from './DraftPanel'
import { DraftQueue } from './DraftQueue'
import { RatesTable } from './RatesTable'
import { queueQuery } from './review-queries'
import { ShortcutsHelp } from './ShortcutsHelp'
import { useShortcuts } from './shortcuts'
import './review.css'

const go = (draftId: number | null) => {
  window.location.hash =
    draftId === null ? hrefFor('review') : hrefForItem('review', String(draftId))
}

/** `#/review[/<draft id>]`: every draft waiting for an agent, and the one being reviewed. */
export function ReviewPage() {
  const param = useHashParam()
  const queue = useQuery(queueQuery())
  const items = queue.data?.items ?? []
  const [help, setHelp] = useState(false)
  const requested = param !== null && /^\d+$/.test(param) ? Number(param) : null
  const selectedId = requested ?? items[0]?.id ?? null
  const index = items.findIndex((draft) => draft.id === selectedId)

  const step = (by: 1 | -1) => {
    if (items.length === 0) return
    const next = index < 0 ? 0 : Math.min(items.length - 1, Math.max(0, index + by))
    go(items[next]!.id)
  }
  useShortcuts({ next: () => step(1), previous: () => step(-1), help: () => setHelp((v) => !v) })

  /** The decided draft leaves the queue: the next one (or the one before) is shown. */
  const onDecided = () => {
    const rest = items.filter((draft) => draft.id !== selectedId)
    go(rest[Math.min(Math.max(index, 0), rest.length - 1)]?.id ?? null)
  }

  return (
    <div className="review-page">
      <PageHeader title="Review">
        AI drafts waiting for an agent, oldest customer message first: approve, edit and send,
        reject, regenerate, or take the conversation over.
      </PageHeader>
      {queue.isError ? (
        <ErrorNotice
          error={queue.error}
          title="Could not load the drafts"
          onRetry={() => void queue.refetch()}
        />
      ) : null}
      {queue.isPending ? <p className="muted">Loading the drafts…</p> : null}
      {queue.data && items.length === 0 && selectedId === null ? (
        <EmptyState title="Nothing to review" testId="empty-review">
          <p>
            New customer messages get a draft here when their client’s AI policy holds drafts for
            review (new clients start on Review; change it on the client’s page). A draft the AI
            could not write waits here empty, marked “needs an answer”.
          </p>
        </EmptyState>
      ) : null}
      {selectedId !== null ? (
        <div className="review">
          <DraftQueue items={items} selectedId={selectedId} />
          <DraftPanel key={selectedId} draftId={selectedId} onDecided={onDecided} />
        </div>
      ) : null}
      <ShortcutsHelp open={help} onToggle={() => setHelp((v) => !v)} />
      <RatesTable />
    </div>
  )
}
