import type { MessageRow } from '@shared/contract/messaging'
import type { MediaView } from '@shared/contract/outbox'
import { useQuery } from '@tanstack/react-query'
import { mediaQuery } from '../../queries/outbox-queries'
import { typeLabel } from './format'
import { Glyph } from '../../components/Icon'

type Media = NonNullable<MessageRow['media']>

const formatSize = (bytes: number | null): string => {
  if (bytes === null) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function Stored({ message, media, view }: { message: MessageRow; media: Media; view: MediaView }) {
  const url = view.url!
  const label = message.text ?? media.filename ?? typeLabel(message.type)
  switch (message.type) {
    case 'image':
    case 'sticker':
      return (
        <a href={url} target="_blank" rel="noreferrer" className="bubble__media-link">
          <img
            className={message.type === 'sticker' ? 'bubble__sticker' : 'bubble__image'}
            src={url}
            alt={label}
            loading="lazy"
            data-testid="message-image"
          />
        </a>
      )
    case 'audio':
      return (
        <audio
          className="bubble__audio"
          controls
          preload="metadata"
          src={url}
          aria-label={media.voice ? 'Voice message' : 'Audio'}
          data-testid="message-audio"
        />
      )
    case 'video':
      return (
        <video
          className="bubble__video"
          controls
          preload="metadata"
          src={url}
          aria-label={label}
          data-testid="message-video"
        />
      )
    default:
      return (
        <a
          className="bubble__document"
          href={url}
          download={view.filename ?? media.filename ?? undefined}
          data-testid="message-document"
        >
          <Glyph name="document" />
          <span>
            <strong>{view.filename ?? media.filename ?? 'Document'}</strong>
            <span className="bubble__sub">
              {[view.mimeType ?? media.mimeType, formatSize(view.size)].filter(Boolean).join(' · ')}
            </span>
          </span>
        </a>
      )
  }
}

/**
 * A message's image, audio player, video or document, from the local copy `media:get` points at
 * (inbound media is downloaded by the core, never loaded from Meta by the renderer). Pending and
 * failed downloads say so; a `media:changed` event brings the stored file in.
 */
export function MessageMedia({ message, media }: { message: MessageRow; media: Media }) {
  const view = useQuery(mediaQuery(message.id))
  if (view.isPending) {
    return (
      <p className="bubble__media-note muted">Loading {typeLabel(message.type).toLowerCase()}…</p>
    )
  }
  if (view.isError) {
    return (
      <p className="bubble__media-note" data-testid="media-unavailable">
        {typeLabel(message.type)} unavailable: {view.error.message}
      </p>
    )
  }
  const data = view.data
  if (data.state === 'stored' && data.url)
    return <Stored message={message} media={media} view={data} />
  if (data.state === 'failed') {
    return (
      <p className="bubble__media-note" data-testid="media-failed">
        {typeLabel(message.type)} not downloaded yet{data.error ? ` (${data.error})` : ''}. The
        console keeps trying
        {data.nextAttemptAt
          ? `; next try ${new Date(data.nextAttemptAt).toLocaleTimeString()}`
          : ''}
        .
      </p>
    )
  }
  if (data.state === 'pending') {
    return (
      <p className="bubble__media-note muted" data-testid="media-pending">
        Downloading {typeLabel(message.type).toLowerCase()}…
      </p>
    )
  }
  return (
    <p className="bubble__media-note muted">
      {typeLabel(message.type)}
      {media.filename ? `: ${media.filename}` : ''}
    </p>
  )
}
