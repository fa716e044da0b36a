import type { AnalyticsOverview } from '@shared/contract/analytics'
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartFrame } from './ChartFrame'
import { formatCount, formatMoney } from './format'
import { RateCardForm } from './RateCardForm'
import { Section } from './Section'
import { axisProps, tooltipProps, useChartColors } from './useChartColors'

const FREE_LABELS: Record<string, string> = {
  free_customer_service: 'Free: customer service window',
  free_entry_point: 'Free: free entry point',
}

/** Billable messages by category and market, priced by the rate card; free messages apart. */
export function CostSection({ overview }: { overview: AnalyticsOverview }) {
  const colors = useChartColors()
  const { cost } = overview
  const currency = cost.rateCard?.currency ?? null
  return (
    <Section
      title="Cost"
      testId="analytics-cost"
      lead={
        <>
          Meta charges a template when it is delivered, by its category and the recipient&apos;s
          market (the country calling code of their number), from the pricing on status webhooks.
          {cost.rateCard
            ? ` Priced by the rate card in ${cost.rateCard.currency} imported ${new Date(cost.rateCard.importedAt).toLocaleString()}.`
            : ' Import your rate card to see amounts.'}
        </>
      }
      csv={{
        file: `cost-${overview.from}-${overview.to}.csv`,
        rows: () => [
          ...cost.billable.map((l) => ({
            kind: 'billable',
            market: l.market,
            category: l.category,
            messages: l.count,
            rate: l.rate,
            cost: l.cost,
            currency,
          })),
          ...cost.free.map((l) => ({
            kind: l.type,
            market: null,
            category: l.category,
            messages: l.count,
            rate: 0,
            cost: 0,
            currency,
          })),
        ],
      }}
    >
      <dl className="kpis" data-testid="analytics-cost-totals">
        <div className="kpis__item">
          <dt>Billable messages</dt>
          <dd>{formatCount(cost.billableTotal)}</dd>
        </div>
        <div className="kpis__item">
          <dt>Free messages</dt>
          <dd>{formatCount(cost.freeTotal)}</dd>
        </div>
        <div className="kpis__item">
          <dt>Cost</dt>
          <dd data-testid="analytics-cost-total">{formatMoney(cost.total, currency)}</dd>
        </div>
      </dl>
      {cost.unpriced > 0 && cost.rateCard ? (
        <p className="notice notice--warning" role="status">
          {formatCount(cost.unpriced)} billable messages have no rate in the card (their market and
          category are shown without a cost).
        </p>
      ) : null}
      {cost.byCategory.length > 0 ? (
        <ChartFrame height={200} label="Billable messages by pricing category">
          {({ width, height }) => (
            <BarChart
              width={width}
              height={height}
              data={cost.byCategory}
              margin={{ left: 0, right: 8 }}
            >
              <CartesianGrid stroke={colors.grid} vertical={false} />
              <XAxis dataKey="category" {...axisProps(colors)} />
              <YAxis allowDecimals={false} {...axisProps(colors)} width={48} />
              <Tooltip {...tooltipProps(colors)} />
              <Bar
                dataKey="count"
                name="Billable messages"
                fill={colors.out}
                isAnimationActive={false}
              />
            </BarChart>
          )}
        </ChartFrame>
      ) : null}
      {cost.billable.length === 0 && cost.free.length === 0 ? (
        <p className="muted">No priced messages in this range.</p>
      ) : (
        <table
          className="config-table analytics-table"
          aria-label="Messages by market and category"
        >
          <thead>
            <tr>
              <th scope="col">Market</th>
              <th scope="col">Category</th>
              <th scope="col">Messages</th>
              <th scope="col">Rate</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {cost.billable.map((l) => (
              <tr key={`${l.market}|${l.category}`}>
                <th scope="row">{l.market}</th>
                <td>{l.category}</td>
                <td>{formatCount(l.count)}</td>
                <td>{formatMoney(l.rate, currency)}</td>
                <td>{formatMoney(l.cost, currency)}</td>
              </tr>
            ))}
            {cost.free.map((l) => (
              <tr key={`${l.type}|${l.category}`} className="analytics-table__free">
                <th scope="row">{FREE_LABELS[l.type] ?? l.type}</th>
                <td>{l.category}</td>
                <td>{formatCount(l.count)}</td>
                <td>—</td>
                <td>{formatMoney(0, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RateCardForm current={cost.rateCard} />
    </Section>
  )
}
