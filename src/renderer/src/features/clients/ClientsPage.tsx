import { PageHeader } from '../../components/PageHeader'
import { KnowledgeBasePage } from '../knowledge/KnowledgeBasePage'
import { useKnowledgeRoute } from '../knowledge/knowledge-route'
import { useHashParam, useHashSubpage } from '../shell/useHashRoute'
import { TemplatesPage } from '../templates/TemplatesPage'
import { TEMPLATES_SUBPAGE } from '../templates/templates-route'
import { ClientDetailPage } from './ClientDetailPage'
import { ClientsList } from './ClientsList'
import { SignupAttempts } from './SignupAttempts'
import { SignupPanel } from './SignupPanel'

/**
 * `#/clients`: onboarding and the client list; `#/clients/<id>`: one client; `…/knowledge`: its
 * knowledge base; `…/templates`: its message templates.
 */
export function ClientsPage() {
  const clientId = useHashParam()
  const knowledge = useKnowledgeRoute()
  const subpage = useHashSubpage()
  if (clientId && knowledge) return <KnowledgeBasePage clientId={clientId} />
  if (clientId && subpage === TEMPLATES_SUBPAGE) return <TemplatesPage clientId={clientId} />
  if (clientId) return <ClientDetailPage clientId={clientId} />
  return (
    <>
      <PageHeader title="Clients">
        The businesses you onboard to the WhatsApp Business Platform.
      </PageHeader>
      <div className="stack stack--loose">
        <SignupPanel />
        <ClientsList />
        <SignupAttempts />
      </div>
    </>
  )
}
