import type { DraftSummary } from '@shared/contract/drafts'
import { formatRemaining } from '../conversations/format'
import { useNow } from '../conversations/useNow'
import { hrefForItem } from '../shell/routes'
import { draftTag } from './labels'
import { useOthersOn } from './presence'

function SendsIn({ sendAt }: { sendAt: string }) {
  const now = useNow(1_000)
  const left = Date.parse(sendAt) - now
  return (
    <span className="draft-row__timer" data-testid="draft-sends-in">
      {left <= 0
        ? 'sending…'
        : left < 60_000
          ? `sends in ${Math.ceil(left / 1000)} s`
          : `sends in ${formatRemaining(left)}`}
    </span>
  )
}

function QueueRow({ draft, selected }: { draft: DraftSummary; selected: boolean }) {
  const tag = draftTag(draft)
  const editors = useOthersOn(draft.id)
  return (
    <li>
      <a
        className="draft-row"
        href={hrefForItem('review', String(draft.id))}
        aria-current={selected ? 'true' : undefined}
        data-testid="draft-row"
        data-draft-id={draft.id}
        data-state={draft.state}
      >
        <span className="draft-row__top">
          <span className="draft-row__who">{draft.contactName}</span>
          <span className={`tag tag--${tag.tone}`}>{tag.label}</span>
        </span>
        <span className="draft-row__client muted">{draft.clientName ?? draft.clientId}</span>
        <span className="draft-row__message">{draft.inboundText ?? `(${draft.inboundType})`}</span>
        <span className="draft-row__meta muted">
          {new Date(draft.inboundAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          {draft.sendAt ? (
            <>
              {' · '}
              <SendsIn sendAt={draft.sendAt} />
            </>
          ) : null}
          {editors.length > 0 ? (
            <span className="draft-row__editor" data-testid="draft-row-editor">
              {' · '}
              {editors.map((e) => e.agentName).join(', ')}{' '}
              {editors.some((e) => e.editing) ? 'editing' : 'viewing'}
            </span>
          ) : null}
        </span>
      </a>
    </li>
  )
}

/** Every open draft across clients, oldest customer message first. */
export function DraftQueue({
  items,
  selectedId,
}: {
  items: readonly DraftSummary[]
  selectedId: number | null
}) {
  return (
    <nav className="review__queue" aria-label="Drafts to review">
      <ol className="review__list" data-testid="review-queue">
        {items.map((draft) => (
          <QueueRow key={draft.id} draft={draft} selected={draft.id === selectedId} />
        ))}
      </ol>
    </nav>
  )
}
