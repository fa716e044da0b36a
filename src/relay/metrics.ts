/**
 * The relay's counters and gauges, rendered in Prometheus' text exposition format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */
export type RejectReason =
  | 'too_large'
  | 'signature_missing'
  | 'signature_invalid'
  | 'malformed_json'
  | 'storage_failed'
  | 'aborted'

export interface DesktopStats {
  connected: boolean
  /** Receive time of the newest event this desktop acknowledged (null: none yet). */
  ackedReceivedAt: number | null
  ackedCursor: string | null
  /** Events sent and not yet acknowledged. */
  unacked: number
  /** Whether the desktop has everything up to the head acknowledged. */
  caughtUp: boolean
}

/** Upper bounds (seconds) of the ack-latency buckets: fine below 5 ms, where the goal is. */
const ACK_BUCKETS = [
  0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  2.5,
] as const

/** A Prometheus histogram: cumulative bucket counts, sum and count. */
export class Histogram {
  readonly counts = new Array<number>(ACK_BUCKETS.length).fill(0)
  count = 0
  sum = 0
  constructor(readonly bounds: readonly number[] = ACK_BUCKETS) {}

  observe(seconds: number): void {
    this.count++
    this.sum += seconds
    const at = this.bounds.findIndex((bound) => seconds <= bound)
    if (at >= 0) this.counts[at]!++
  }

  /** Cumulative `le` samples, +Inf last, as the exposition format wants them. */
  buckets(): [string, number][] {
    let running = 0
    const samples = this.bounds.map((bound, i): [string, number] => {
      running += this.counts[i]!
      return [`{le="${bound}"}`, running]
    })
    samples.push(['{le="+Inf"}', this.count])
    return samples
  }
}

export class RelayMetrics {
  received = 0
  /** Receipt of a webhook's headers → its 200 written (stored webhooks only). */
  readonly ackSeconds = new Histogram()
  stored = 0
  delivered = 0
  readonly rejected = new Map<RejectReason, number>()
  readonly desktops = new Map<string, DesktopStats>()
  /** Receive time of the newest event in the log, for lag. */
  headReceivedAt: number | null = null
  claimsCompleted = 0
  claimsOffered = 0

  reject(reason: RejectReason): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1)
  }

  desktop(id: string): DesktopStats {
    let stats = this.desktops.get(id)
    if (!stats) {
      stats = {
        connected: false,
        ackedReceivedAt: null,
        ackedCursor: null,
        unacked: 0,
        caughtUp: false,
      }
      this.desktops.set(id, stats)
    }
    return stats
  }

  /** Seconds between the newest event in the log and the newest one this desktop acknowledged. */
  lagSeconds(stats: DesktopStats): number {
    if (this.headReceivedAt === null || (stats.caughtUp && stats.unacked === 0)) return 0
    return Math.max(0, (this.headReceivedAt - (stats.ackedReceivedAt ?? 0)) / 1000)
  }

  render(): string {
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
    }
    const label = (name: string, value: string) => `{${name}="${escapeLabel(value)}"}`
    metric('relay_webhooks_received_total', 'counter', 'Webhook POSTs received.', [
      ['', this.received],
    ])
    metric('relay_webhooks_stored_total', 'counter', 'Webhooks durably stored (answered 200).', [
      ['', this.stored],
    ])
    lines.push(
      "# HELP relay_webhook_ack_seconds From a webhook POST's headers to its 200 (after the durable append).",
      '# TYPE relay_webhook_ack_seconds histogram',
      ...this.ackSeconds
        .buckets()
        .map(([labels, value]) => `relay_webhook_ack_seconds_bucket${labels} ${value}`),
      `relay_webhook_ack_seconds_sum ${this.ackSeconds.sum}`,
      `relay_webhook_ack_seconds_count ${this.ackSeconds.count}`,
    )
    metric(
      'relay_webhooks_rejected_total',
      'counter',
      'Webhook POSTs refused, by reason (nothing stored).',
      [...this.rejected].map(([reason, count]) => [label('reason', reason), count]),
    )
    metric('relay_events_delivered_total', 'counter', 'Events acknowledged by desktops.', [
      ['', this.delivered],
    ])
    const desktops = [...this.desktops]
    metric(
      'relay_desktop_connected',
      'gauge',
      'Whether the desktop has a tunnel open.',
      desktops.map(([id, stats]) => [label('desktop', id), stats.connected ? 1 : 0]),
    )
    metric(
      'relay_desktop_lag_seconds',
      'gauge',
      'Receive-time distance between the newest event and the newest one the desktop acknowledged.',
      desktops.map(([id, stats]) => [label('desktop', id), this.lagSeconds(stats)]),
    )
    metric(
      'relay_desktop_unacked_events',
      'gauge',
      'Events sent to the desktop and not yet acknowledged.',
      desktops.map(([id, stats]) => [label('desktop', id), stats.unacked]),
    )
    metric('relay_claims_offered_total', 'counter', 'Claim offers made by this instance.', [
      ['', this.claimsOffered],
    ])
    metric('relay_claims_completed_total', 'counter', 'Claims completed through this instance.', [
      ['', this.claimsCompleted],
    ])
    return lines.join('\n') + '\n'
  }
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
