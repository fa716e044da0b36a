import type { AnalyticsOverview } from '@shared/contract/analytics'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { ChartFrame } from './ChartFrame'
import { formatCount, formatRate } from './format'
import { Section } from './Section'
import { axisProps, tooltipProps, useChartColors } from './useChartColors'

/** Totals, then messages in and out per day, then delivered / read / failed per day. */
export function VolumeSection({ overview }: { overview: AnalyticsOverview }) {
  const colors = useChartColors()
  const { totals, days } = overview
  return (
    <Section
      title="Messages"
      testId="analytics-volume"
      lead="Per UTC day. Rates are of the messages sent out: delivered includes read."
      csv={{
        file: `messages-per-day-${overview.from}-${overview.to}.csv`,
        rows: () =>
          days.map((d) => ({
            date: d.date,
            messages_in: d.messagesIn,
            messages_out: d.messagesOut,
            accepted: d.accepted,
            delivered: d.delivered,
            read: d.read,
            failed: d.failed,
          })),
      }}
    >
      <dl className="kpis" data-testid="analytics-totals">
        <Kpi label="Received" value={formatCount(totals.messagesIn)} />
        <Kpi label="Sent" value={formatCount(totals.messagesOut)} />
        <Kpi label="Delivered" value={formatRate(totals.deliveryRate)} />
        <Kpi label="Read" value={formatRate(totals.readRate)} />
        <Kpi label="Failed" value={formatRate(totals.failureRate)} />
      </dl>
      <ChartFrame height={240} label="Messages in and out per day">
        {({ width, height }) => (
          <BarChart width={width} height={height} data={days} margin={{ left: 0, right: 8 }}>
            <CartesianGrid stroke={colors.grid} vertical={false} />
            <XAxis dataKey="date" {...axisProps(colors)} minTickGap={24} />
            <YAxis allowDecimals={false} {...axisProps(colors)} width={48} />
            <Tooltip {...tooltipProps(colors)} />
            <Legend />
            <Bar dataKey="messagesIn" name="In" fill={colors.in} isAnimationActive={false} />
            <Bar dataKey="messagesOut" name="Out" fill={colors.out} isAnimationActive={false} />
          </BarChart>
        )}
      </ChartFrame>
      <ChartFrame height={220} label="Delivered, read and failed per day">
        {({ width, height }) => (
          <LineChart width={width} height={height} data={days} margin={{ left: 0, right: 8 }}>
            <CartesianGrid stroke={colors.grid} vertical={false} />
            <XAxis dataKey="date" {...axisProps(colors)} minTickGap={24} />
            <YAxis allowDecimals={false} {...axisProps(colors)} width={48} />
            <Tooltip {...tooltipProps(colors)} />
            <Legend />
            {(['delivered', 'read', 'failed'] as const).map((key) => (
              <Line
                key={key}
                dataKey={key}
                name={key[0]!.toUpperCase() + key.slice(1)}
                stroke={colors[key]}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ChartFrame>
    </Section>
  )
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpis__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}
