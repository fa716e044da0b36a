import type { DraftDetail } from '@shared/contract/drafts'
import { useQuery } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useWindow } from '../conversations/WindowStatus'
import { hrefForItem } from '../shell/routes'
import { DraftActions } from './DraftActions'
import { DraftContext } from './DraftContext'
import { DraftFacts } from './DraftFacts'
import { handoffLabels } from './labels'
import { useOthersOn, usePresence } from './presence'
import { draftQuery } from './review-queries'

const OPEN = new Set(['pending', 'failed'])

function History({ draft }: { draft: DraftDetail }) {
  return (
    <details className="draft-history">
      <summary>Audit: {draft.history.length} steps</summary>
      <ol data-testid="draft-history">
        {draft.history.map((entry, index) => (
          <li key={index}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>{' '}
            <strong>{entry.action.replace(/^draft\./, '')}</strong> · {entry.actor}
            {typeof entry.details.by === 'string' ? ` (${entry.details.by})` : null}
          </li>
        ))}
      </ol>
      {draft.sentText !== null && draft.sentText !== draft.text ? (
        <div className="draft-history__diff" data-testid="draft-sent-vs-draft">
          <p>
            <strong>Drafted:</strong> {draft.text || <em>(empty)</em>}
          </p>
          <p>
            <strong>Sent:</strong> {draft.sentText}
          </p>
        </div>
      ) : null}
    </details>
  )
}

/** One draft: the conversation around it, the reply to send, what it rests on, the actions. */
export function DraftPanel({ draftId, onDecided }: { draftId: number; onDecided: () => void }) {
  const detail = useQuery(draftQuery(draftId))
  const draft = detail.data
  // null: the agent has not changed the reply (it follows the draft, e.g. after regenerating).
  const [edited, setEdited] = useState<string | null>(null)
  const editorRef = useRef<HTMLTextAreaElement>(null)
  const text = edited ?? draft?.text ?? ''
  const editing = edited !== null && edited !== draft?.text
  usePresence(draftId, editing)
  const others = useOthersOn(draftId)
  const service = useWindow(draft?.windowEndsAt ?? null)

  if (detail.isPending) return <section className="review__panel muted">Loading the draft…</section>
  if (detail.isError || !draft)
    return (
      <section className="review__panel">
        <ErrorNotice
          error={detail.error}
          title="Could not load the draft"
          onRetry={() => void detail.refetch()}
        />
      </section>
    )

  const open = OPEN.has(draft.state)
  return (
    <section
      className="review__panel"
      aria-label={`Draft for ${draft.contactName}`}
      data-testid="draft-panel"
      data-draft-id={draft.id}
      data-state={draft.state}
    >
      <header className="draft-panel__header">
        <div>
          <h2 className="draft-panel__title">{draft.contactName}</h2>
          <p className="muted">
            {draft.clientName ?? draft.clientId} ·{' '}
            <a href={hrefForItem('conversations', String(draft.conversationId))}>
              Open the conversation
            </a>
          </p>
        </div>
        {others.length > 0 ? (
          <p className="draft-panel__presence" role="status" data-testid="draft-presence">
            {others.map((e) => e.agentName).join(', ')}{' '}
            {others.some((e) => e.editing) ? 'is editing this draft' : 'has this draft open'}
          </p>
        ) : null}
      </header>
      <DraftContext draft={draft} />
      {draft.paused ? (
        <p className="notice notice--warning" data-testid="draft-paused">
          {draft.paused === 'taken-over'
            ? 'An agent took this conversation over: the bot does not answer it.'
            : `Handed off${draft.handoffReason ? ` (${handoffLabels[draft.handoffReason]})` : ''}: the bot does not answer this conversation until it is released.`}
        </p>
      ) : null}
      {draft.state === 'failed' && draft.error ? (
        <ErrorNotice error={draft.error} title="The AI could not draft a reply" />
      ) : null}
      {open && !service.open ? (
        <p className="notice notice--error" data-testid="draft-window-closed">
          The 24-hour window is closed: a free-form reply cannot be sent. Send an approved template
          from{' '}
          <a href={hrefForItem('conversations', String(draft.conversationId))}>the conversation</a>{' '}
          instead.
        </p>
      ) : null}
      <label className="review-field">
        <span>
          Reply
          {draft.needsAnswer && open ? (
            <span className="tag tag--warning" data-testid="needs-answer">
              {' '}
              Needs an answer
            </span>
          ) : null}
        </span>
        <textarea
          ref={editorRef}
          className="field review-field__text"
          data-testid="draft-text"
          value={draft.state === 'sent' ? (draft.sentText ?? text) : text}
          onChange={(event) => setEdited(event.target.value)}
          readOnly={!open}
          rows={5}
          maxLength={4096}
          placeholder={
            draft.needsAnswer
              ? 'Nothing in the knowledge base answers this: write the answer.'
              : undefined
          }
        />
      </label>
      <DraftActions
        draft={draft}
        text={text}
        editing={editing}
        canSend={open && service.open}
        editor={editorRef}
        onRegenerated={() => setEdited(null)}
        onDecided={onDecided}
      />
      <DraftFacts draft={draft} />
      <History draft={draft} />
    </section>
  )
}
