import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PageHeader } from '../../components/PageHeader'
import { clientDetailQuery } from '../../queries/clients-queries'
import { templatesQuery } from '../../queries/outbox-queries'
import { hrefForItem } from '../shell/routes'
import { NewTemplateForm } from './NewTemplateForm'
import { TemplateList } from './TemplateList'
import { useSyncTemplates } from './templates-queries'
import './templates.css'

/**
 * `#/clients/<id>/templates`: the client's message templates with Meta's review status (kept live
 * by `templates:changed`), Sync from the WABA, and a form to write and submit a new one.
 */
export function TemplatesPage({ clientId }: { clientId: string }) {
  const client = useQuery(clientDetailQuery(clientId))
  const list = useQuery(templatesQuery(clientId))
  const sync = useSyncTemplates(clientId)
  const [writing, setWriting] = useState(false)
  const name = client.data?.name ?? (client.data ? `WABA ${client.data.wabaId}` : clientId)
  const templates = list.data?.templates ?? []

  return (
    <>
      <p className="back-link">
        <a href={hrefForItem('clients', clientId)}>← {name}</a>
      </p>
      <PageHeader title={`Message templates: ${name}`}>
        What this client may send outside the 24-hour customer service window. New templates are
        reviewed by Meta; the outcome shows here as soon as it arrives.
      </PageHeader>
      <div className="stack stack--loose" data-testid="templates-page">
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setWriting(true)}
            disabled={writing}
          >
            New template
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => sync.mutate()}
            disabled={sync.isPending}
          >
            {sync.isPending ? 'Syncing…' : 'Sync from WhatsApp'}
          </button>
          {list.data?.syncedAt ? (
            <span className="muted">
              Last synced {new Date(list.data.syncedAt).toLocaleString()}
            </span>
          ) : null}
        </div>
        {sync.isError ? <ErrorNotice error={sync.error} title="Could not sync templates" /> : null}
        {writing ? (
          <section className="panel" aria-labelledby="new-template-title">
            <h2 className="panel__title" id="new-template-title">
              New template
            </h2>
            <NewTemplateForm clientId={clientId} onDone={() => setWriting(false)} />
          </section>
        ) : null}
        {list.isError ? (
          <ErrorNotice
            error={list.error}
            title="Could not load the templates"
            onRetry={() => void list.refetch()}
          />
        ) : null}
        {list.isPending ? <p className="muted">Loading the templates…</p> : null}
        {list.isSuccess && templates.length === 0 ? (
          <p className="muted" data-testid="templates-none">
            {list.data.syncedAt === null
              ? 'Templates were never synced for this client: press Sync from WhatsApp, or write one.'
              : 'This client has no templates yet.'}
          </p>
        ) : null}
        {templates.length > 0 ? <TemplateList templates={templates} /> : null}
      </div>
    </>
  )
}
