import type { ControlContext } from './control-router'

/** `GET /_sandbox/stats`: process load, Graph and message counters, webhook delivery counters. */
export function stats(ctx: ControlContext) {
  const cpu = process.cpuUsage()
  return {
    uptime_ms: Date.now() - ctx.startedAt,
    cpu: { user_us: cpu.user, system_us: cpu.system },
    memory_rss: process.memoryUsage.rss(),
    graph_requests: ctx.counters.graph_requests,
    messages: {
      accepted: ctx.counters.messages_accepted,
      rejected: ctx.counters.messages_rejected,
    },
    faults_injected: ctx.counters.faults_injected,
    uploads_in_progress: ctx.counters.uploads_in_progress,
    webhooks: {
      ...ctx.webhookStats(),
      emitted: ctx.emitter.counters.emitted,
      dropped_no_subscriber: ctx.emitter.counters.dropped,
    },
  }
}
