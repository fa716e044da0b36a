import type { ConversationRow, MessageRow } from '@shared/contract/messaging'
import { MAX_UPLOAD_BYTES } from '@shared/contract/outbox'
import { useId, useRef, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useConversationsUi } from './conversations-store'
import { previewText } from './format'
import { TemplatePicker } from './TemplatePicker'
import { newIdempotencyKey, useSendMessage, useUploadMedia } from './useSend'
import { useWindow } from './WindowStatus'
import { Glyph } from '../../components/Icon'

function ReplyChip({ message, onCancel }: { message: MessageRow; onCancel: () => void }) {
  return (
    <div className="composer__reply quote-bar" data-testid="composer-reply">
      <span>
        <strong>Replying to {message.direction === 'out' ? 'your message' : 'the customer'}</strong>
        <span className="composer__reply-text">{previewText(message)}</span>
      </span>
      <button type="button" className="button button--ghost button--small" onClick={onCancel}>
        Cancel reply
      </button>
    </div>
  )
}

/** Text, link preview, an attachment and a reply, while the customer service window is open. */
function FreeFormComposer({ conversation }: { conversation: ConversationRow }) {
  const replyTo = useConversationsUi((state) => state.replyTo[conversation.id])
  const setReplyTo = useConversationsUi((state) => state.setReplyTo)
  const [text, setText] = useState('')
  const [previewUrl, setPreviewUrl] = useState(false)
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const key = useRef(newIdempotencyKey())
  const send = useSendMessage(conversation.id)
  const upload = useUploadMedia(conversation.clientId)
  const textId = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const busy = send.isPending || upload.isPending

  const changed = () => (key.current = newIdempotencyKey())
  const reset = () => {
    setText('')
    setFile(null)
    setReplyTo(conversation.id, undefined)
    if (fileInput.current) fileInput.current.value = ''
    changed()
  }

  const submit = async () => {
    const body = text.trim()
    if (busy || (!body && !file)) return
    const replyId = replyTo?.id
    const common = { idempotencyKey: key.current, ...(replyId ? { replyTo: replyId } : {}) }
    if (file) {
      const uploaded = await upload.mutateAsync(file).catch(() => null)
      if (!uploaded) return
      send.mutate(
        {
          ...common,
          content: {
            type: 'media',
            kind: uploaded.kind,
            mediaId: uploaded.mediaId,
            ...(body && uploaded.kind !== 'audio' && uploaded.kind !== 'sticker'
              ? { caption: body }
              : {}),
            ...(uploaded.kind === 'document' ? { filename: file.name } : {}),
          },
        },
        { onSuccess: reset },
      )
      return
    }
    send.mutate(
      { ...common, content: { type: 'text', body, ...(previewUrl ? { previewUrl } : {}) } },
      { onSuccess: reset },
    )
  }

  return (
    <form
      className="composer__form"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      {replyTo ? (
        <ReplyChip message={replyTo} onCancel={() => setReplyTo(conversation.id, undefined)} />
      ) : null}
      {file ? (
        <div className="composer__file quote-bar" data-testid="composer-file">
          <span>
            <Glyph name="attach" /> {file.name}{' '}
            <span className="muted">({Math.ceil(file.size / 1024)} KB)</span>
          </span>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => {
              setFile(null)
              if (fileInput.current) fileInput.current.value = ''
              changed()
            }}
          >
            Remove
          </button>
        </div>
      ) : null}
      <div className="composer__row">
        <label className="button button--ghost composer__attach" title="Attach a file">
          <Glyph name="attach" />
          <span className="visually-hidden">Attach a file</span>
          <input
            ref={fileInput}
            type="file"
            className="visually-hidden"
            data-testid="composer-attach"
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null
              setFileError(
                chosen && chosen.size > MAX_UPLOAD_BYTES
                  ? `${chosen.name} is larger than 16 MB, WhatsApp's limit for uploads.`
                  : null,
              )
              setFile(chosen && chosen.size <= MAX_UPLOAD_BYTES ? chosen : null)
              changed()
            }}
          />
        </label>
        <label htmlFor={textId} className="visually-hidden">
          {file ? 'Caption' : 'Message'}
        </label>
        <textarea
          id={textId}
          className="field composer__text"
          rows={1}
          maxLength={file ? 1024 : 4096}
          placeholder={file ? 'Add a caption' : 'Type a message'}
          value={text}
          onChange={(event) => {
            setText(event.target.value)
            changed()
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault()
              void submit()
            }
          }}
          data-testid="composer-text"
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || (!text.trim() && !file)}
          data-testid="composer-send"
        >
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <label className="checkbox composer__option">
        <input
          type="checkbox"
          checked={previewUrl}
          disabled={file !== null}
          onChange={(event) => setPreviewUrl(event.target.checked)}
        />
        Show a preview of the first link
      </label>
      {fileError ? <p className="field-error">{fileError}</p> : null}
      {upload.isError ? (
        <ErrorNotice error={upload.error} title="The file was not uploaded" />
      ) : null}
      {send.isError ? <ErrorNotice error={send.error} title="The message was not sent" /> : null}
    </form>
  )
}

/**
 * The composer: free-form messages while the 24 h customer service window is open; outside it,
 * locked, with the template picker instead (a free-form message would fail with 131047). A number
 * no client owns cannot send at all.
 */
export function Composer({ conversation }: { conversation: ConversationRow }) {
  const service = useWindow(conversation.windowEndsAt)
  const [picking, setPicking] = useState(false)
  if (conversation.clientId === null) {
    return (
      <div className="composer composer--locked" data-testid="composer-unassigned">
        <p>
          No onboarded client owns {conversation.displayPhoneNumber ?? conversation.phoneNumberId},
          so nothing can be sent from it here. Onboard the client to reply.
        </p>
      </div>
    )
  }
  const picker = (
    <TemplatePicker
      clientId={conversation.clientId}
      conversationId={conversation.id}
      onClose={() => setPicking(false)}
    />
  )
  if (!service.open) {
    return (
      <div className="composer composer--locked" data-testid="composer-locked">
        <p className="composer__lock" role="status">
          <Glyph name="lock" />{' '}
          {service.endsAt === null
            ? 'The customer has not written to this number, so WhatsApp allows only a template.'
            : 'The 24-hour customer service window is closed: WhatsApp allows only a template until the customer writes again.'}
        </p>
        {picking ? (
          picker
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPicking(true)}
            data-testid="open-template-picker"
          >
            Choose a template
          </button>
        )}
      </div>
    )
  }
  return (
    <div className="composer" data-testid="composer">
      {picking ? picker : <FreeFormComposer conversation={conversation} />}
      {picking ? null : (
        <button
          type="button"
          className="link-button composer__template-link"
          onClick={() => setPicking(true)}
          data-testid="open-template-picker"
        >
          Send a template instead
        </button>
      )}
    </div>
  )
}
