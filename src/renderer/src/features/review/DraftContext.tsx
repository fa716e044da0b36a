import type { DraftDetail } from '@shared/contract/drafts'

/** The conversation around the customer's message, the message itself marked. */
export function DraftContext({ draft }: { draft: DraftDetail }) {
  return (
    <ol className="draft-context" aria-label="The conversation" data-testid="draft-context">
      {draft.context.map((message) => (
        <li
          key={message.id}
          className={`draft-context__message draft-context__message--${message.direction}`}
          aria-current={message.id === draft.inboundMessageId ? 'true' : undefined}
          data-direction={message.direction}
        >
          <span className="draft-context__text">{message.text ?? `(${message.type})`}</span>
          <time className="draft-context__time muted" dateTime={message.timestamp}>
            {new Date(message.timestamp).toLocaleTimeString([], {
              hour: '2-digit',
              minute: '2-digit',
            })}
          </time>
        </li>
      ))}
    </ol>
  )
}
