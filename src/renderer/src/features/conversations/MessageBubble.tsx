import type { MessageRow } from '@shared/contract/messaging'
import { useState } from 'react'
import { failureReason, formatBubbleTime, previewText } from './format'
import { MessageContent } from './MessageContent'
import { StatusTicks } from './StatusTicks'
import { Glyph } from '../../components/Icon'

/** The reactions the composer offers on a bubble (WhatsApp's default row). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const

/** What a bubble needs from its conversation: who the customer is and what the agent can do. */
export interface BubbleContext {
  /** The customer's name, for quoted messages. */
  contactName: string
  onReply?: (message: MessageRow) => void
  /** `emoji` "" removes the business's reaction. */
  onReact?: (message: MessageRow, emoji: string) => void
  onRetry?: (message: MessageRow) => void
  /** Whether the composer can act now (a client owns the number). */
  canSend: boolean
}

function Quote({ message, contactName }: { message: MessageRow; contactName: string }) {
  const quoted = message.quoted
  if (!quoted && !message.replyTo) return null
  return (
    <blockquote className="bubble__quote quote-bar" data-testid="quoted-message">
      {quoted ? (
        <>
          <span className="bubble__quote-author">
            {quoted.direction === 'out' ? 'You' : contactName}
          </span>
          <span className="bubble__quote-text">{previewText(quoted)}</span>
        </>
      ) : (
        <span className="bubble__quote-text muted">A message not in this console</span>
      )}
    </blockquote>
  )
}

function Failure({ message, actions }: { message: MessageRow; actions: BubbleContext }) {
  if (message.status !== 'failed') return null
  const canRetry = actions.canSend && message.outboxId !== null && actions.onRetry !== undefined
  return (
    <div className="bubble__failure" data-testid="message-failure">
      <span>
        <strong>Not delivered.</strong> {failureReason(message.error)}
      </span>
      {canRetry ? (
        <button
          type="button"
          className="button button--small button--danger-outline"
          onClick={() => actions.onRetry?.(message)}
        >
          Retry
        </button>
      ) : null}
    </div>
  )
}

/**
 * One message as WhatsApp shows it: the customer's on the left, the business's on the right, with
 * the quoted message, the content, time and ticks, a failure with Meta's reason, and reactions.
 */
export function MessageBubble({
  message,
  actions,
  highlighted = false,
}: {
  message: MessageRow
  actions: BubbleContext
  highlighted?: boolean
}) {
  const [picking, setPicking] = useState(false)
  const out = message.direction === 'out'
  const ownReaction = message.reactions.find((reaction) => reaction.direction === 'out')?.emoji
  const classes = [
    'bubble',
    `bubble--${message.direction}`,
    message.status === 'failed' ? 'bubble--failed' : '',
    highlighted ? 'bubble--highlighted' : '',
  ]
  return (
    <article
      className={classes.filter(Boolean).join(' ')}
      data-testid="message"
      data-message-id={message.id}
      data-wamid={message.wamid ?? undefined}
      data-direction={message.direction}
      data-status={message.status}
      data-type={message.type}
      aria-label={`${out ? 'Sent' : 'Received'} ${formatBubbleTime(message.timestamp)}`}
    >
      {message.forwarded ? <p className="bubble__forwarded">Forwarded</p> : null}
      <Quote message={message} contactName={actions.contactName} />
      <MessageContent message={message} />
      {!out && message.error ? (
        <p className="bubble__error">{failureReason(message.error)}</p>
      ) : null}
      <footer className="bubble__meta">
        <time dateTime={message.timestamp}>{formatBubbleTime(message.timestamp)}</time>
        {out ? <StatusTicks status={message.status} /> : null}
      </footer>
      <Failure message={message} actions={actions} />
      {message.reactions.length > 0 ? (
        <ul className="bubble__reactions" aria-label="Reactions" data-testid="message-reactions">
          {message.reactions.map((reaction) => (
            <li
              key={reaction.direction}
              title={reaction.direction === 'out' ? 'You' : actions.contactName}
            >
              {reaction.emoji}
            </li>
          ))}
        </ul>
      ) : null}
      {actions.canSend && message.wamid ? (
        <div className="bubble__actions">
          {actions.onReply ? (
            <button
              type="button"
              className="bubble__action"
              onClick={() => actions.onReply?.(message)}
              aria-label="Reply"
              title="Reply"
            >
              <Glyph name="reply" />
            </button>
          ) : null}
          {actions.onReact ? (
            <button
              type="button"
              className="bubble__action"
              aria-expanded={picking}
              onClick={() => setPicking((open) => !open)}
              aria-label="React"
              title="React"
            >
              <Glyph name="smile" />
            </button>
          ) : null}
          {picking ? (
            <span className="bubble__picker" role="group" aria-label="Choose a reaction">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  className="bubble__action"
                  aria-pressed={ownReaction === emoji}
                  onClick={() => {
                    setPicking(false)
                    actions.onReact?.(message, ownReaction === emoji ? '' : emoji)
                  }}
                >
                  {emoji}
                </button>
              ))}
            </span>
          ) : null}
        </div>
      ) : null}
    </article>
  )
}
