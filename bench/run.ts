// `npm run bench`: runs the benchmarks and records them in docs/benchmarks.md (one run, one table).
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { root } from './lib/children'
import { runOutboxBench } from './outbox-throughput'
import { SANDBOX_BASELINE_MPS, sandboxThroughput } from './sandbox-throughput'
import { runMessagingBench } from './messaging-report'
import { runAnalyticsBench } from './analytics'
import { runDrafterBench } from './ai-drafter'
import { runTunnelBenches } from './tunnel-report'
import { runIngestMicroBench } from './ingest-micro'

const only = process.argv.slice(2)
const wanted = (name: string) => only.length === 0 || only.includes(name)
const docs = join(root, 'docs', 'benchmarks.md')

function replaceSection(name: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const text = readFileSync(docs, 'utf8')
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`docs/benchmarks.md has no ${start} … ${end} markers`)
  writeFileSync(
    docs,
    text.slice(0, from + start.length) + '\n' + body.trim() + '\n' + text.slice(to),
  )
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`

if (wanted('sandbox')) {
  process.stdout.write('sandbox throughput: one number, signed status webhooks… ')
  const r = await sandboxThroughput()
  process.stdout.write(`${r.sendsPerSecond} msg/s\n`)
  console.log(JSON.stringify(r, null, 2))
  const ratio = (r.sendsPerSecond / SANDBOX_BASELINE_MPS).toFixed(2)
  replaceSection(
    'sandbox',
    `
Measured ${machine} with \`npm run bench -- sandbox\`.

| Metric | Value | vs. baseline (1,000 msg/s, Meta's top tier) |
|---|---:|---:|
| Template sends accepted on one number | ${r.sendsPerSecond.toLocaleString('en-US')} msg/s (${r.accepted.toLocaleString('en-US')} in ${r.durationS.toFixed(1)} s, ${r.concurrency} in flight, ${r.rejected} refused) | **${ratio}×** |
| Status webhooks delivered and signature-verified | ${r.statusesDelivered.sent.toLocaleString('en-US')} sent + ${r.statusesDelivered.delivered.toLocaleString('en-US')} delivered in ${r.webhookPosts.toLocaleString('en-US')} POSTs; ${r.badSignatures} bad signatures | — |
| Backlog drained after the last send | ${(r.drainMs / 1000).toFixed(1)} s | — |
| Sandbox CPU per message (send + 2 signed webhooks) | ${r.cpuUsPerMessage} µs (${(r.sandboxCpuMs / 1000).toFixed(1)} CPU-s in total) | — |
| Sandbox memory after the run | ${r.sandboxRssMb} MB RSS | — |
`,
  )
}
await runTunnelBenches(wanted, replaceSection, machine)
runIngestMicroBench(wanted, replaceSection, machine)
await runOutboxBench(wanted, replaceSection, machine)
runDrafterBench(wanted, replaceSection, machine)
await runMessagingBench(wanted, replaceSection, machine)
runAnalyticsBench(wanted, replaceSection, machine)
console.log('docs/benchmarks.md updated.')
