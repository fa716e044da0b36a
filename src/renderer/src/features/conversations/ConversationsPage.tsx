import { EmptyState } from '../../components/EmptyState'
import { PageHeader } from '../../components/PageHeader'

export function ConversationsPage() {
  return (
    <>
      <PageHeader title="Conversations">
        Messages between your clients and their customers, relayed from Meta&apos;s webhooks.
      </PageHeader>
      <EmptyState title="No conversations yet" testId="empty-conversations">
        <p>
          The inbox is not available in this version. When it is, messages that reach your
          clients&apos; numbers will appear here as they arrive through the relay, with:
        </p>
        <ul>
          <li>one thread per customer, searchable, filtered by client;</li>
          <li>delivery and read status for every message sent;</li>
          <li>the 24-hour customer-service window, so you know when only templates can be sent.</li>
        </ul>
        <p>Every message is stored on this computer and stays readable offline.</p>
      </EmptyState>
    </>
  )
}
