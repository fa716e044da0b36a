import type { AnalyticsOverview } from '@shared/contract/analytics'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartFrame } from './ChartFrame'
import { formatCount, formatDuration, ORIGIN_LABELS, RESPONDER_LABELS } from './format'
import { Section } from './Section'
import { axisProps, tooltipProps, useChartColors } from './useChartColors'

/** The chart's unit: seconds, minutes or hours, whichever suits the longest median. */
function unitFor(longestMs: number): { label: string; ms: number } {
  if (longestMs < 120_000) return { label: 's', ms: 1_000 }
  if (longestMs < 7_200_000) return { label: 'min', ms: 60_000 }
  return { label: 'h', ms: 3_600_000 }
}

/** First-response and median response times by who answered, and replies by origin. */
export function ResponsesSection({ overview }: { overview: AnalyticsOverview }) {
  const colors = useChartColors()
  const rows = overview.responses
  const unit = unitFor(Math.max(0, ...rows.flatMap((r) => [r.medianMs ?? 0, r.firstMedianMs ?? 0])))
  const inUnit = (ms: number | null) =>
    ms === null ? null : Math.round((ms / unit.ms) * 100) / 100
  const data = rows.map((r) => ({
    responder: RESPONDER_LABELS[r.responder] ?? r.responder,
    median: inUnit(r.medianMs),
    first: inUnit(r.firstMedianMs),
  }))
  const any = rows.some((r) => r.replies > 0)
  return (
    <Section
      title="Response times"
      testId="analytics-responses"
      lead="From a customer's first unanswered message to the reply. A first response answers a customer who opened a new 24-hour window. Medians are read from a histogram (within about 9 %)."
      csv={{
        file: `response-times-${overview.from}-${overview.to}.csv`,
        rows: () => [
          ...rows.map((r) => ({
            responder: r.responder,
            replies: r.replies,
            median_ms: r.medianMs,
            mean_ms: r.meanMs,
            first_responses: r.firstResponses,
            first_response_median_ms: r.firstMedianMs,
          })),
        ],
      }}
    >
      {!any ? (
        <p className="muted">No replies to customers in this range.</p>
      ) : (
        <ChartFrame height={220} label={`Median response times by responder, in ${unit.label}`}>
          {({ width, height }) => (
            <BarChart width={width} height={height} data={data} margin={{ left: 0, right: 8 }}>
              <CartesianGrid stroke={colors.grid} vertical={false} />
              <XAxis dataKey="responder" {...axisProps(colors)} />
              <YAxis {...axisProps(colors)} width={48} unit={` ${unit.label}`} />
              <Tooltip {...tooltipProps(colors)} />
              <Legend />
              <Bar
                dataKey="first"
                name="First response (median)"
                fill={colors.in}
                isAnimationActive={false}
              />
              <Bar
                dataKey="median"
                name="All replies (median)"
                fill={colors.out}
                isAnimationActive={false}
              />
            </BarChart>
          )}
        </ChartFrame>
      )}
      <table className="config-table analytics-table">
        <thead>
          <tr>
            <th scope="col">Answered by</th>
            <th scope="col">Replies</th>
            <th scope="col">Median</th>
            <th scope="col">Mean</th>
            <th scope="col">First responses</th>
            <th scope="col">First response, median</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.responder}>
              <th scope="row">{RESPONDER_LABELS[r.responder] ?? r.responder}</th>
              <td>{formatCount(r.replies)}</td>
              <td>{formatDuration(r.medianMs)}</td>
              <td>{formatDuration(r.meanMs)}</td>
              <td>{formatCount(r.firstResponses)}</td>
              <td>{formatDuration(r.firstMedianMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {overview.origins.length > 0 ? (
        <p className="muted" data-testid="analytics-origins">
          Messages sent:{' '}
          {overview.origins
            .map((o) => `${ORIGIN_LABELS[o.origin] ?? o.origin} ${formatCount(o.count)}`)
            .join(' · ')}
        </p>
      ) : null}
    </Section>
  )
}
