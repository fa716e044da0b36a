import type { MessageRow } from '@shared/contract/messaging'
import type { OrderView, SharedContactView } from '@shared/whatsapp/normalise-views'
import { typeLabel } from './format'
import { MessageMedia } from './MessageMedia'
import { Glyph } from '../../components/Icon'

const asArray = <T,>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : [])
const asObject = <T,>(value: unknown): T | null =>
  typeof value === 'object' && value !== null ? (value as T) : null

/** A map link for a shared location (OpenStreetMap: no key, nothing loaded until clicked). */
const mapUrl = (lat: number, lon: number) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`

function Location({ location }: { location: NonNullable<MessageRow['location']> }) {
  const { latitude, longitude, name, address } = location
  return (
    <div className="bubble__location">
      <Glyph name="pin" />
      <span>
        {name ? <strong>{name}</strong> : null}
        {address ? <span className="bubble__sub">{address}</span> : null}
        {latitude !== null && longitude !== null ? (
          <a href={mapUrl(latitude, longitude)} target="_blank" rel="noreferrer">
            {latitude.toFixed(5)}, {longitude.toFixed(5)}
          </a>
        ) : null}
      </span>
    </div>
  )
}

function Contacts({ contacts }: { contacts: SharedContactView[] }) {
  return (
    <ul className="bubble__cards">
      {contacts.map((card, i) => (
        <li key={i} className="bubble__card">
          <Glyph name="person" />
          <span>
            <strong>{card.formattedName ?? 'Contact'}</strong>
            {card.phones.map((phone, j) => (
              <span key={j} className="bubble__sub">
                {phone.phone ?? phone.waId}
              </span>
            ))}
            {card.emails.map((email) => (
              <span key={email} className="bubble__sub">
                {email}
              </span>
            ))}
          </span>
        </li>
      ))}
    </ul>
  )
}

function Order({ order }: { order: OrderView }) {
  return (
    <div className="bubble__order">
      <strong>Order · {order.items.length} item(s)</strong>
      <ul>
        {order.items.map((item, i) => (
          <li key={i}>
            {item.quantity ?? 1} × {item.productRetailerId}{' '}
            {item.itemPrice !== null ? `${item.itemPrice} ${item.currency ?? ''}` : ''}
          </li>
        ))}
      </ul>
      {order.text ? <p>{order.text}</p> : null}
    </div>
  )
}

/** The label of an interactive reply or template button, above its text. */
function replyKind(message: MessageRow): string | null {
  if (message.type === 'button') return 'Button'
  const interactive = asObject<{ type: string }>(message.details.interactive)
  if (!interactive) return null
  if (interactive.type === 'button_reply') return 'Reply button'
  if (interactive.type === 'list_reply') return 'List choice'
  if (interactive.type === 'nfm_reply') return 'Flow response'
  return `Interactive (${interactive.type})`
}

/** What the message holds, by type: media inline, location, cards, orders, replies and text. */
export function MessageContent({ message }: { message: MessageRow }) {
  const contacts = asArray<SharedContactView>(message.details.contacts)
  const order = asObject<OrderView>(message.details.order)
  const kind = replyKind(message)
  const unsupported = message.details.unsupportedType
  if (message.reaction) {
    // Shown as a bubble only when the message reacted to is not in the thread.
    return (
      <p className="bubble__text bubble__text--placeholder">
        {message.reaction.emoji
          ? `Reacted ${message.reaction.emoji} to a message`
          : 'Removed a reaction'}
      </p>
    )
  }
  return (
    <>
      {message.media ? <MessageMedia message={message} media={message.media} /> : null}
      {message.location ? <Location location={message.location} /> : null}
      {contacts.length > 0 ? <Contacts contacts={contacts} /> : null}
      {order ? <Order order={order} /> : null}
      {kind ? <span className="bubble__kind">{kind}</span> : null}
      {message.type === 'system' ? <span className="bubble__kind">System message</span> : null}
      {message.text &&
      !(order && order.text === message.text) &&
      !(message.location && message.location.name === message.text) ? (
        <p className="bubble__text">{message.text}</p>
      ) : null}
      {!message.text && !message.media && !message.location && contacts.length === 0 && !order ? (
        <p className="bubble__text bubble__text--placeholder">
          {typeLabel(message.type)}
          {typeof unsupported === 'string' ? ` (${unsupported})` : ''}
        </p>
      ) : null}
    </>
  )
}
