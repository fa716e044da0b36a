import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sign } from '@server-kit/crypto/webhook-signature'
import { signedWebhookHeaders } from '@server-kit/testing/webhook-body'
import { newToken } from '@server-kit/http/bearer'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import { startRelayProcess } from '../src/main/test-support/tunnel-processes'
import { root as repoRoot, startChild, type Child } from './lib/children'
import { fdatasyncLatency } from './lib/disk-flush'
import { processCpuMs } from './lib/proc-cpu'
import { httpOpenLoop, postRequest } from './lib/http-open-loop'
import { percentile } from './lib/percentile'
import { webhookOfSize } from './lib/webhook-body'

/**
 * Relay durable ingest (issue #8) against a bare node:http server that only answers 200: the same
 * wrk load (closed loop, fixed connections) with the same signed 2 KB body on both, then the same
 * open-loop run at 2,000 req/s on both for the ack latency (the bare server's shows what the
 * generator and the machine add), with the relay's own ack histogram, and the disk's fdatasync
 * latency (the floor of any durable ack). Both servers run in their own process. The relay
 * answers 200 only once the event is fdatasync'd in its SQLite log (group commit).
 */
export interface WrkRun {
  requestsPerS: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  /** The server process's CPU time per request over the run (Linux), in µs. */
  cpuUsPerRequest: number | null
}

export interface IngestResult {
  bodyBytes: number
  wrk: { connections: number; threads: number; durationS: number }
  bare: WrkRun
  relay: WrkRun
  ratio: number
  /** fdatasync of an 8 KB append on the benchmark's disk, standalone: the floor of a durable ack. */
  disk: { p50Ms: number; p99Ms: number }
  openLoop: {
    rate: number
    durationS: number
    warmupS: number
    bare: OpenLoopRun
    relay: OpenLoopRun
  }
  /** The relay's own ack histogram over the open-loop run (headers in → 200 out). */
  relayAcks: { count: number; within5Ms: number; p99AtMostMs: number }
  stored: number
}

export interface OpenLoopRun {
  achievedRate: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  failures: number
}

const WARMUP_S = 2

async function openLoopAt(
  origin: string,
  body: string,
  appSecret: string,
  rate: number,
  durationS: number,
): Promise<OpenLoopRun> {
  const request = postRequest(
    origin,
    WEBHOOK_PATH,
    { 'Content-Type': 'application/json', ...signedWebhookHeaders(body, appSecret) },
    body,
  )
  const run = await httpOpenLoop({
    origin,
    rate,
    durationS,
    warmupS: WARMUP_S,
    request: () => request,
  })
  return {
    achievedRate: Math.round(run.achievedRate),
    p50Ms: percentile(run.latencies, 50),
    p90Ms: percentile(run.latencies, 90),
    p99Ms: percentile(run.latencies, 99),
    failures: run.failures,
  }
}

/** `le` bound (seconds) → cumulative count, from the relay's Prometheus histogram. */
async function ackHistogram(origin: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text()
  const buckets = new Map<number, number>()
  for (const match of text.matchAll(/^relay_webhook_ack_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm))
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]))
  return buckets
}

function serverSide(before: Map<number, number>, after: Map<number, number>) {
  const count = after.get(Infinity)! - before.get(Infinity)!
  const bounds = [...after.keys()].sort((x, y) => x - y)
  const within = (bound: number) => (after.get(bound)! - before.get(bound)!) / count
  const p99Bound = bounds.find((bound) => within(bound) >= 0.99) ?? Infinity
  return { count, within5Ms: within(0.005), p99AtMostMs: p99Bound * 1000 }
}

const unit = (value: string, suffix: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[suffix]!

function parseWrk(output: string): Omit<WrkRun, 'cpuUsPerRequest'> {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)
  const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(output)
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(output)
  const requests = /(\d+) requests in/.exec(output)
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output)
  if (!rps || !p50 || !p99 || !requests) throw new Error(`Unexpected wrk output:\n${output}`)
  return {
    requestsPerS: Math.round(Number(rps[1])),
    p50Ms: unit(p50[1]!, p50[2]!),
    p99Ms: unit(p99[1]!, p99[2]!),
    requests: Number(requests[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  }
}

export async function relayIngest(
  options: { durationS?: number; connections?: number; rate?: number } = {},
): Promise<IngestResult> {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('wrk is not installed: sudo apt-get install -y wrk', { cause: error })
  }
  const durationS = options.durationS ?? 10
  const connections = options.connections ?? 32
  const threads = 1
  const rate = options.rate ?? 2000
  const root = mkdtempSync(join(tmpdir(), 'wapc-ingest-'))
  const appSecret = randomBytes(16).toString('hex')
  const body = webhookOfSize(2048)
  const signature = sign(body, appSecret)
  const script = join(root, 'post.lua')
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(body)}`,
      'wrk.headers["Content-Type"] = "application/json"',
      `wrk.headers["X-Hub-Signature-256"] = "${signature}"`,
    ].join('\n'),
  )
  const wrk = (server: Child): WrkRun => {
    const before = processCpuMs(server.process.pid)
    const run = parseWrk(
      execFileSync(
        'wrk',
        [
          `-t${threads}`,
          `-c${connections}`,
          `-d${durationS}s`,
          '--latency',
          '-s',
          script,
          `${server.value}${WEBHOOK_PATH}`,
        ],
        { encoding: 'utf8' },
      ),
    )
    const after = processCpuMs(server.process.pid)
    const cpuUsPerRequest =
      before === null || after === null ? null : ((after - before) * 1000) / run.requests
    return { ...run, cpuUsPerRequest }
  }
  const children: Child[] = []
  try {
    const disk = fdatasyncLatency(root)
    const bareServer = await startChild('bench/bare-http.ts', {}, /BARE_URL=(\S+)/)
    children.push(bareServer)
    const bare = wrk(bareServer)
    const bareOpen = await openLoopAt(bareServer.value, body, appSecret, rate, durationS)
    await bareServer.stop()

    const relayDir = join(root, 'relay')
    // The relay as deployed (`node out/relay/relay.mjs`), not the sources through tsx, whose
    // transform adds work to every closure a request creates.
    execFileSync('npm', ['run', '--silent', 'build:relay'], { cwd: repoRoot, stdio: 'ignore' })
    const relayServer = await startRelayProcess({
      dataDir: relayDir,
      appSecret,
      desktopToken: newToken(),
      bundle: true,
    })
    children.push(relayServer)
    const relay = wrk(relayServer)

    // Open loop at a fixed rate: the ack latency a steady stream of webhooks sees, from the
    // generator (same harness as the bare server's) and from the relay's own ack histogram.
    const before = await ackHistogram(relayServer.value)
    const relayOpen = await openLoopAt(relayServer.value, body, appSecret, rate, durationS)
    const after = await ackHistogram(relayServer.value)
    await relayServer.stop()

    const { default: Database } = await import('better-sqlite3')
    const db = new Database(join(relayDir, 'relay.sqlite3'), { readonly: true })
    const stored = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    db.close()
    return {
      bodyBytes: Buffer.byteLength(body),
      wrk: { connections, threads, durationS },
      bare,
      relay,
      ratio: relay.requestsPerS / bare.requestsPerS,
      disk,
      openLoop: { rate, durationS, warmupS: WARMUP_S, bare: bareOpen, relay: relayOpen },
      relayAcks: serverSide(before, after),
      stored,
    }
  } finally {
    for (const child of children) await child.stop()
    rmSync(root, { recursive: true, force: true })
  }
}
