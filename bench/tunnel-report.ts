// The webhook relay and tunnel benchmarks (issue #8), each written to its docs/benchmarks.md section.
import { loadavg } from 'node:os'
import { relayIngest } from './relay-ingest'
import { tunnelCatchup } from './tunnel-catchup'
import { TUNNEL_FAULT_COUNT, tunnelFault } from './tunnel-fault'
import { tunnelPushLatency } from './tunnel-push-latency'

type Replace = (name: string, body: string) => void

const n = (value: number) => Math.round(value).toLocaleString('en-US')
const us = (value: number | null) => (value === null ? '—' : `${value.toFixed(0)} µs`)
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`

export const TUNNEL_BENCHES = ['relay-ingest', 'tunnel-push', 'tunnel-catchup', 'tunnel-fault']

export async function runTunnelBenches(
  wanted: (name: string) => boolean,
  replaceSection: Replace,
  machine: string,
): Promise<void> {
  // The machine may be shared (CI, other work): its load when a bench starts and ends is part of
  // the result.
  const measured = (name: string) => {
    const start = loadavg()[0]!.toFixed(1)
    return () =>
      `Measured ${machine}, load average ${start} at the start and ${loadavg()[0]!.toFixed(1)} at the end, with \`npm run bench -- ${name}\`.`
  }

  if (wanted('relay-ingest')) {
    process.stdout.write('relay durable ingest vs bare node:http (wrk)…\n')
    const header = measured('relay-ingest')
    const r = await relayIngest()
    console.log(JSON.stringify(r, null, 2))
    replaceSection(
      'relay-ingest',
      `
${header()}

| Load (same signed ${n(r.bodyBytes)}-byte body) | Relay: verify, fsync'd append, 200 | Bare node:http: 200 only | Ratio (goal ≥ 0.6) |
|---|---:|---:|---:|
| wrk, ${r.wrk.connections} connections, ${r.wrk.threads} thread, ${r.wrk.durationS} s | ${n(r.relay.requestsPerS)} req/s (p50 ${ms(r.relay.p50Ms)}, p99 ${ms(r.relay.p99Ms)}) | ${n(r.bare.requestsPerS)} req/s (p50 ${ms(r.bare.p50Ms)}, p99 ${ms(r.bare.p99Ms)}) | **${r.ratio.toFixed(2)}** |
| Server CPU per request in that run (user + system, all threads) | ${us(r.relay.cpuUsPerRequest)} | ${us(r.bare.cpuUsPerRequest)} | ${r.relay.cpuUsPerRequest && r.bare.cpuUsPerRequest ? (r.bare.cpuUsPerRequest / r.relay.cpuUsPerRequest).toFixed(2) : '—'} |
| Open loop at ${n(r.openLoop.rate)} req/s (${r.openLoop.warmupS} s warm-up, then ${r.openLoop.durationS} s counted), latency from when each POST was due | achieved ${n(r.openLoop.relay.achievedRate)} req/s: p50 ${ms(r.openLoop.relay.p50Ms)}, p90 ${ms(r.openLoop.relay.p90Ms)}, **p99 ${ms(r.openLoop.relay.p99Ms)}**, ${r.openLoop.relay.failures} failed | achieved ${n(r.openLoop.bare.achievedRate)} req/s: p50 ${ms(r.openLoop.bare.p50Ms)}, p90 ${ms(r.openLoop.bare.p90Ms)}, p99 ${ms(r.openLoop.bare.p99Ms)} | — |
| The relay's ack histogram (\`relay_webhook_ack_seconds\`, headers in → 200 out) over the open-loop run (goal: p99 < 5 ms) | ${(100 * r.relayAcks.within5Ms).toFixed(2)}% of ${n(r.relayAcks.count)} acks within 5 ms; **p99 ≤ ${r.relayAcks.p99AtMostMs} ms** | — | — |
| The disk: fdatasync of an 8 KB append, alone | p50 ${ms(r.disk.p50Ms)}, p99 ${ms(r.disk.p99Ms)} | — | — |
| Events in the relay's log afterwards | ${n(r.stored)} (every 200 is a stored event) | — | — |
`,
    )
  }

  if (wanted('tunnel-push')) {
    process.stdout.write('webhook → desktop DB → push to renderer…\n')
    const header = measured('tunnel-push')
    const r = await tunnelPushLatency()
    console.log(JSON.stringify(r, null, 2))
    replaceSection(
      'tunnel-push',
      `
${header()}

| Rate (open loop, ${r.warmupS} s warm-up, then ${r.durationS} s counted) | Events | p50 | p90 | p99 (goal < 50 ms) | Max | Relay receive → push: p50 / p99 | Pushes |
|---|---:|---:|---:|---:|---:|---:|---:|
| ${n(r.rate)} events/s (achieved ${n(r.achievedRate)}) | ${n(r.events)} | ${ms(r.p50Ms)} | ${ms(r.p90Ms)} | **${ms(r.p99Ms)}** | ${ms(r.maxMs)} | ${ms(r.fromRelay.p50Ms)} / ${ms(r.fromRelay.p99Ms)} | ${n(r.pushes)} |

The first columns run from when each POST was due (they include the relay's ack); the last one
from the relay's receive stamp — the tunnel, the desktop's transaction and the push alone.
`,
    )
  }

  if (wanted('tunnel-catchup')) {
    process.stdout.write('desktop catch-up of a 1,000,000-event backlog vs raw inserts…\n')
    const header = measured('tunnel-catchup')
    const r = await tunnelCatchup()
    console.log(JSON.stringify(r, null, 2))
    replaceSection(
      'tunnel-catchup',
      `
${header()}

| Backlog | Raw better-sqlite3 inserts of equal rows | Desktop catch-up through the tunnel | Ratio (goal ≥ 0.25) |
|---|---:|---:|---:|
| ${n(r.events)} events of ${n(r.bodyBytes)} bytes, at the desktop (recorded, deduplicated, acknowledged) | ${n(r.rawPerS)} rows/s (${r.rawS.toFixed(1)} s) | ${n(r.catchupPerS)} events/s (${r.catchupS.toFixed(1)} s, ${n(r.batches)} transactions) | **${r.ratio.toFixed(2)}** |
| The same, every message in the inbox (the projection behind the tunnel: conversations, search, analytics) | — | ${n(r.inboxPerS)} events/s (${r.inboxS.toFixed(1)} s from the connection) | ${r.inboxRatio.toFixed(2)} |
`,
    )
  }

  if (wanted('tunnel-fault')) {
    const count = Number(process.env.TUNNEL_FAULT_COUNT ?? TUNNEL_FAULT_COUNT)
    process.stdout.write(`tunnel fault test with ${n(count)} webhooks…\n`)
    const header = measured('tunnel-fault')
    const r = await tunnelFault(count)
    console.log(JSON.stringify(r, null, 2))
    const exact = r.missing === 0 && r.doubled === 0 && r.unknown === 0 && r.messagesMissing === 0
    replaceSection(
      'tunnel-fault',
      `
${header()}

| Webhooks acknowledged | Relay kill -9 / desktop kill -9 | POSTs re-sent | Relay events | Desktop events | Missing / doubled | Messages applied once | Re-sent copies recorded as duplicates | Duration |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${n(r.acknowledged)} | ${r.relayKills} / ${r.desktopKills} | ${n(r.retriedPosts)} | ${n(r.relayEvents)} | ${n(r.desktopEvents)} | ${r.missing} / ${r.doubled} | ${n(r.messagesApplied)} | ${n(r.duplicateEvents)} | ${r.durationS.toFixed(0)} s |

${exact ? '**Exactly once:** every relay event (compared by relay id) is at the desktop once, and every acknowledged message was applied once.' : '**FAILED:** see the counts above.'}
`,
    )
  }
}
