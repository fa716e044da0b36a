import { EmptyState } from '../../components/EmptyState'
import { PageHeader } from '../../components/PageHeader'

export function AnalyticsPage() {
  return (
    <>
      <PageHeader title="Analytics">
        How conversations and reviews are going, per client.
      </PageHeader>
      <EmptyState title="No data to chart yet" testId="empty-analytics">
        <p>
          Analytics are not available in this version. Once clients are onboarded and messages flow,
          this page will show, per client and period, message volumes, delivery and read rates,
          response times, and how often agents approve, edit or override AI drafts.
        </p>
        <p>Figures will be computed from the records on this computer, never estimated.</p>
      </EmptyState>
    </>
  )
}
