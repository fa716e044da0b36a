import type { AnalyticsOverview } from '@shared/contract/analytics'
import { formatCount, formatRate } from './format'
import { Section } from './Section'

/** The most frequent failure reasons: Meta's error code and title. */
export function FailuresSection({ overview }: { overview: AnalyticsOverview }) {
  const { failures } = overview
  return (
    <Section
      title="Top failure reasons"
      testId="analytics-failures"
      lead="Meta's error codes on failed messages (webhook statuses and sends Meta refused)."
      csv={{
        file: `failures-${overview.from}-${overview.to}.csv`,
        rows: () =>
          failures.map((f) => ({ code: f.code, title: f.title, count: f.count, share: f.share })),
      }}
    >
      {failures.length === 0 ? (
        <p className="muted">No failed messages in this range.</p>
      ) : (
        <table className="config-table analytics-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Reason</th>
              <th scope="col">Messages</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.code ?? 'none'}>
                <td>{f.code ?? '—'}</td>
                <td>{f.title}</td>
                <td>{formatCount(f.count)}</td>
                <td>{formatRate(f.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
