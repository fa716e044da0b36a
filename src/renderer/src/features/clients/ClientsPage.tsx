import { EmptyState } from '../../components/EmptyState'
import { PageHeader } from '../../components/PageHeader'

export function ClientsPage() {
  return (
    <>
      <PageHeader title="Clients">
        The businesses you onboard to the WhatsApp Business Platform.
      </PageHeader>
      <EmptyState title="No client businesses yet" testId="empty-clients">
        <p>
          Client onboarding is not available in this version. When it is, this page will start Meta
          Embedded Signup for a new business and list every client with:
        </p>
        <ul>
          <li>its WhatsApp Business Account and phone numbers;</li>
          <li>
            onboarding progress — business token, webhook subscription, credit line and phone
            registration — with the step to retry when one fails;
          </li>
          <li>health: quality rating, messaging limit and display-name review status.</li>
        </ul>
      </EmptyState>
    </>
  )
}
