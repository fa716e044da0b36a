import { PageHeader } from '../../components/PageHeader'
import { useHashParam } from '../shell/useHashRoute'
import { ClientDetailPage } from './ClientDetailPage'
import { ClientsList } from './ClientsList'
import { SignupAttempts } from './SignupAttempts'
import { SignupPanel } from './SignupPanel'

/** `#/clients`: onboarding and the client list; `#/clients/<id>`: one client. */
export function ClientsPage() {
  const clientId = useHashParam()
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
