import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PageHeader } from '../../components/PageHeader'
import { hrefForItem } from '../shell/routes'
import { EntryList } from './EntryList'
import { FactList } from './FactList'
import { ImportExport } from './ImportExport'
import { knowledgeQuery, useKnowledgeEvents } from './knowledge-queries'
import { TryPanel } from './TryPanel'
import './knowledge.css'

/** `#/clients/<id>/knowledge`: what the AI drafts answer from, for one client. */
export function KnowledgeBasePage({ clientId }: { clientId: string }) {
  const kb = useQuery(knowledgeQuery(clientId))
  useKnowledgeEvents(clientId)
  const name = kb.data?.clientName ?? clientId
  return (
    <>
      <p className="back-link">
        <a href={hrefForItem('clients', clientId)}>← {name}</a>
      </p>
      <PageHeader title={`Knowledge base: ${name}`}>
        FAQ answers, snippets and business facts the AI drafts replies from. Staff complete what
        onboarding could not know.
      </PageHeader>
      {kb.isError ? (
        <ErrorNotice
          error={kb.error}
          title="Could not load the knowledge base"
          onRetry={() => void kb.refetch()}
        />
      ) : null}
      {kb.isPending ? <p className="muted">Loading the knowledge base…</p> : null}
      {kb.data ? (
        <div className="stack stack--loose" data-testid="knowledge-base">
          <TryPanel clientId={clientId} />
          <EntryList kb={kb.data} />
          <FactList kb={kb.data} />
          <ImportExport clientId={clientId} />
        </div>
      ) : null}
    </>
  )
}
