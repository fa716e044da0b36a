import type { SearchHit } from '@shared/contract/messaging'
import { hrefForItem } from '../shell/routes'
import { useConversationsUi } from './conversations-store'
import { formatListTime, typeLabel } from './format'
import { useNow } from '../../lib/now'

/** A message found by full-text search: who, when, the matching words; opens the thread there. */
export function SearchHitItem({ hit }: { hit: SearchHit }) {
  const jump = useConversationsUi((state) => state.jump)
  const now = useNow(60_000)
  return (
    <a
      className="search-hit"
      href={hrefForItem('conversations', String(hit.conversationId))}
      onClick={() => jump({ conversationId: hit.conversationId, messageId: hit.messageId })}
      data-testid="search-hit"
      data-message-id={hit.messageId}
    >
      <span className="conversation-row__line">
        <span className="conversation-row__name">
          {hit.direction === 'out' ? `You → ${hit.contactName}` : hit.contactName}
        </span>
        <time className="conversation-row__time" dateTime={hit.timestamp}>
          {formatListTime(hit.timestamp, now)}
        </time>
      </span>
      <span className="search-hit__snippet">
        {hit.snippet.length > 0
          ? hit.snippet.map((segment, i) =>
              segment.match ? (
                <mark key={i}>{segment.text}</mark>
              ) : (
                <span key={i}>{segment.text}</span>
              ),
            )
          : typeLabel(hit.type)}
      </span>
    </a>
  )
}
