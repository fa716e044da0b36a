import type { TemplateRow } from '@shared/contract/outbox'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { templatesQuery } from '../../queries/outbox-queries'
import { templateKeys } from '../../queries/query-keys'
import {
  emptyValues,
  missingValues,
  templateContent,
  type TemplateValues,
} from './template-content'
import { templatesHref } from '../templates/templates-route'
import { TemplateFields } from './TemplateFields'
import { newIdempotencyKey, useSendMessage } from './useSend'

/**
 * Choose one of the client's approved templates, fill its parameters (header media or text, body,
 * buttons) and send it: the only message allowed outside the 24 h customer service window.
 */
export function TemplatePicker({
  clientId,
  conversationId,
  onClose,
}: {
  clientId: string
  conversationId: number
  onClose: () => void
}) {
  const queryClient = useQueryClient()
  const list = useQuery(templatesQuery(clientId))
  const sync = useMutation({
    mutationFn: async () => unwrap(await api.templates.sync({ clientId })),
    onSuccess: (data) => queryClient.setQueryData(templateKeys.list(clientId), data),
  })
  const send = useSendMessage(conversationId)
  const [templateId, setTemplateId] = useState<number | null>(null)
  const [values, setValues] = useState<TemplateValues>(emptyValues)
  const [tried, setTried] = useState(false)
  const key = useRef(newIdempotencyKey())
  const selectId = useId()

  const templates = list.data?.templates ?? []
  const sendable = templates.filter((template) => template.sendable)
  const template: TemplateRow | undefined = sendable.find((t) => t.id === templateId)
  const missing = template ? missingValues(template.form, values) : []

  const choose = (id: string) => {
    setTemplateId(id ? Number(id) : null)
    setValues(emptyValues())
    setTried(false)
    key.current = newIdempotencyKey()
  }
  const update = (next: TemplateValues) => {
    setValues(next)
    key.current = newIdempotencyKey()
  }
  const submit = () => {
    setTried(true)
    if (!template || missing.length > 0) return
    send.mutate(
      { content: templateContent(template, values), idempotencyKey: key.current },
      { onSuccess: onClose },
    )
  }

  return (
    <section className="template-picker" aria-label="Send a template" data-testid="template-picker">
      <div className="template-picker__head">
        <label htmlFor={selectId} className="template-picker__label">
          Template
        </label>
        <select
          id={selectId}
          className="field"
          value={templateId ?? ''}
          onChange={(event) => choose(event.target.value)}
          disabled={list.isPending}
          data-testid="template-select"
        >
          <option value="">{list.isPending ? 'Loading templates…' : 'Choose a template'}</option>
          {sendable.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.language}) · {t.category.toLowerCase()}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => sync.mutate()}
          disabled={sync.isPending}
        >
          {sync.isPending ? 'Syncing…' : 'Sync from WhatsApp'}
        </button>
        <a
          className="button button--ghost button--small"
          href={templatesHref(clientId)}
          data-testid="manage-templates-link"
        >
          Manage templates
        </a>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {list.isError ? <ErrorNotice error={list.error} title="Could not load templates" /> : null}
      {sync.isError ? <ErrorNotice error={sync.error} title="Could not sync templates" /> : null}
      {list.isSuccess && sendable.length === 0 ? (
        <p className="muted" data-testid="templates-empty">
          {templates.length === 0
            ? list.data.syncedAt === null
              ? 'Templates were never synced for this client: press Sync from WhatsApp.'
              : 'This client has no templates.'
            : 'None of this client’s templates is approved yet, so none can be sent.'}
        </p>
      ) : null}
      {template ? (
        <form
          className="template-picker__form"
          onSubmit={(event) => {
            event.preventDefault()
            submit()
          }}
        >
          <TemplateFields
            template={template}
            clientId={clientId}
            values={values}
            onChange={update}
          />
          {tried && missing.length > 0 ? (
            <p className="field-error" role="alert">
              Fill in: {missing.join(', ')}.
            </p>
          ) : null}
          {send.isError ? (
            <ErrorNotice error={send.error} title="The template was not sent" />
          ) : null}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={send.isPending}>
              {send.isPending ? 'Sending…' : 'Send template'}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  )
}
