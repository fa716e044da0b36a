import type { AnalyticsOverview } from '@shared/contract/analytics'
import { formatCount, formatRate } from './format'
import { Section } from './Section'

/** Sent (accepted by Meta), delivered and read per template and language. */
export function TemplatesSection({ overview }: { overview: AnalyticsOverview }) {
  const { templates } = overview
  return (
    <Section
      title="Templates"
      testId="analytics-templates"
      csv={{
        file: `templates-${overview.from}-${overview.to}.csv`,
        rows: () =>
          templates.map((t) => ({
            template: t.name,
            language: t.language,
            sent: t.sent,
            delivered: t.delivered,
            read: t.read,
            failed: t.failed,
            delivery_rate: t.deliveryRate,
            read_rate: t.readRate,
          })),
      }}
    >
      {templates.length === 0 ? (
        <p className="muted">No templates sent in this range.</p>
      ) : (
        <table className="config-table analytics-table">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Language</th>
              <th scope="col">Sent</th>
              <th scope="col">Delivered</th>
              <th scope="col">Read</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={`${t.name}|${t.language}`}>
                <th scope="row">{t.name}</th>
                <td>{t.language}</td>
                <td>{formatCount(t.sent)}</td>
                <td>
                  {formatCount(t.delivered)}{' '}
                  <span className="muted">({formatRate(t.deliveryRate)})</span>
                </td>
                <td>
                  {formatCount(t.read)} <span className="muted">({formatRate(t.readRate)})</span>
                </td>
                <td>{formatCount(t.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
