import type { ConversationRow } from '@shared/contract/messaging'
import { hrefForItem } from '../shell/routes'
import { formatListTime, previewText } from './format'
import { StatusTicks } from './StatusTicks'
import { useNow } from '../../lib/now'
import { WindowStatus } from './WindowStatus'

/** Two letters for the avatar: initials of the name, else the last digits of the number. */
export function initials(name: string): string {
  const words = name.replace(/^\+/, '').split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  if (/^\d/.test(words[0]!)) return words.join('').slice(-2)
  return words
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('')
}

export function Avatar({ name }: { name: string }) {
  return (
    <span className="avatar" aria-hidden="true">
      {initials(name)}
    </span>
  )
}

/** Who the conversation is on: the client's name and number, or the bare unassigned number. */
export function businessLabel(row: ConversationRow): string {
  const number = row.displayPhoneNumber ?? row.phoneNumberId
  return row.clientName ? `${row.clientName} · ${number}` : `Unassigned · ${number}`
}

/** One row of the conversation list: contact, last message with its ticks, unread badge, window. */
export function ConversationRowItem({
  row,
  selected,
}: {
  row: ConversationRow
  selected: boolean
}) {
  const now = useNow(60_000)
  const last = row.lastMessage
  const unread = row.unreadCount > 0
  return (
    <a
      className={`conversation-row${unread ? ' conversation-row--unread' : ''}`}
      href={hrefForItem('conversations', String(row.id))}
      aria-current={selected ? 'page' : undefined}
      data-testid="conversation-row"
      data-conversation-id={row.id}
      data-unread={row.unreadCount}
    >
      <Avatar name={row.contact.displayName} />
      <span className="conversation-row__body">
        <span className="conversation-row__line">
          <span className="conversation-row__name">{row.contact.displayName}</span>
          <time className="conversation-row__time" dateTime={row.lastMessageAt ?? undefined}>
            {formatListTime(row.lastMessageAt, now)}
          </time>
        </span>
        <span className="conversation-row__line">
          <span className="conversation-row__preview">
            {last?.direction === 'out' ? <StatusTicks status={last.status} /> : null}
            {last ? previewText(last) : <span className="muted">No messages</span>}
          </span>
          {unread ? (
            <span
              className="unread-badge"
              data-testid="unread-badge"
              aria-label={`${row.unreadCount} unread`}
            >
              {row.unreadCount > 999 ? '999+' : row.unreadCount}
            </span>
          ) : null}
        </span>
        <span className="conversation-row__line conversation-row__meta">
          <span className="conversation-row__business">{businessLabel(row)}</span>
          <WindowStatus windowEndsAt={row.windowEndsAt} compact />
        </span>
      </span>
    </a>
  )
}
