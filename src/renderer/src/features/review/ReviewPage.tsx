import { EmptyState } from '../../components/EmptyState'
import { PageHeader } from '../../components/PageHeader'

export function ReviewPage() {
  return (
    <>
      <PageHeader title="Review">Replies drafted by the AI, waiting for an agent.</PageHeader>
      <EmptyState title="Nothing to review" testId="empty-review">
        <p>
          AI-drafted replies are not available in this version. When they are, each draft will wait
          here until an agent approves it, edits it, or writes their own reply instead. Nothing the
          AI writes is sent to a customer without that decision, and every decision is kept in the
          audit trail.
        </p>
        <p>Drafting needs an AI API key: you can add one now under Settings → Secrets.</p>
      </EmptyState>
    </>
  )
}
