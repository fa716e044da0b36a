import type { AnalyticsOverview } from '@shared/contract/analytics'
import { formatCount, formatMoney, formatRate } from './format'
import { Section } from './Section'

/** One row per client (and unassigned numbers): volumes, rates, billable and free, cost. */
export function ClientsSection({ overview }: { overview: AnalyticsOverview }) {
  const currency = overview.cost.rateCard?.currency ?? null
  const rows = overview.perClient
  return (
    <Section
      title="Per client"
      testId="analytics-clients"
      csv={{
        file: `clients-${overview.from}-${overview.to}.csv`,
        rows: () =>
          rows.map((c) => ({
            client_id: c.clientId ?? 'unassigned',
            client: c.name,
            messages_in: c.messagesIn,
            messages_out: c.messagesOut,
            delivered: c.delivered,
            read: c.read,
            failed: c.failed,
            delivery_rate: c.deliveryRate,
            read_rate: c.readRate,
            failure_rate: c.failureRate,
            billable: c.billable,
            free: c.free,
            cost: c.cost,
            currency,
          })),
      }}
    >
      {rows.length === 0 ? (
        <p className="muted">No messages in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table analytics-table">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">In</th>
                <th scope="col">Out</th>
                <th scope="col">Delivered</th>
                <th scope="col">Read</th>
                <th scope="col">Failed</th>
                <th scope="col">Billable</th>
                <th scope="col">Free</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.clientId ?? 'unassigned'}>
                  <th scope="row">{c.name}</th>
                  <td>{formatCount(c.messagesIn)}</td>
                  <td>{formatCount(c.messagesOut)}</td>
                  <td>{formatRate(c.deliveryRate)}</td>
                  <td>{formatRate(c.readRate)}</td>
                  <td>{formatRate(c.failureRate)}</td>
                  <td>{formatCount(c.billable)}</td>
                  <td>{formatCount(c.free)}</td>
                  <td>{formatMoney(c.cost, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  )
}
