import type { AnalyticsOverview } from '@shared/contract/analytics'
import { formatCount, formatRate } from './format'
import { Section } from './Section'

/** AI approval and edit rates from the review pipeline's drafts; nothing until it exists. */
export function DraftsSection({ overview }: { overview: AnalyticsOverview }) {
  const drafts = overview.drafts
  return (
    <Section
      title="AI drafts"
      testId="analytics-drafts"
      csv={
        drafts
          ? {
              file: `ai-drafts-${overview.from}-${overview.to}.csv`,
              rows: () => drafts.byStatus.map((s) => ({ status: s.status, count: s.count })),
            }
          : null
      }
    >
      {drafts === null || drafts.total === 0 ? (
        <p className="muted" data-testid="analytics-no-drafts">
          No AI drafts yet. Approval and edit rates appear once agents review AI drafts.
        </p>
      ) : (
        <dl className="kpis">
          <div className="kpis__item">
            <dt>Drafts</dt>
            <dd>{formatCount(drafts.total)}</dd>
          </div>
          <div className="kpis__item">
            <dt>Approved unchanged</dt>
            <dd>{formatRate(drafts.approvalRate)}</dd>
          </div>
          <div className="kpis__item">
            <dt>Edited before sending</dt>
            <dd>{formatRate(drafts.editRate)}</dd>
          </div>
        </dl>
      )}
      {drafts && drafts.total > 0 ? (
        <p className="muted" data-testid="analytics-draft-statuses">
          By decision:{' '}
          {drafts.byStatus.map((s) => `${s.status} ${formatCount(s.count)}`).join(' · ')}
        </p>
      ) : null}
    </Section>
  )
}
