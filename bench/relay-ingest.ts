import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'
import { sign } from '@server-kit/crypto/webhook-signature'
import { signedWebhookHeaders } from '@server-kit/testing/webhook-body'
import { newToken } from '@server-kit/http/bearer'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import { startRelayProcess } from '../src/main/test-support/tunnel-processes'
import { startChild, type Child } from './lib/children'
import { openLoop, percentile } from './lib/open-loop'
import { webhookOfSize } from './lib/webhook-body'

/**
 * Relay durable ingest (issue #8) against a bare node:http server that only answers 200: the same
 * wrk load (closed loop, fixed connections) with the same signed 2 KB body on both, then an
 * open-loop run at 2,000 req/s for the ack latency. Both servers run in their own process. The
 * relay answers 200 only once the event is fsync'd in its SQLite log (group commit).
 */
export interface WrkRun {
  requestsPerS: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
}

export interface IngestResult {
  bodyBytes: number
  wrk: { connections: number; threads: number; durationS: number }
  bare: WrkRun
  relay: WrkRun
  ratio: number
  openLoop: { rate: number; achievedRate: number; p50Ms: number; p99Ms: number; failures: number }
  stored: number
}

const unit = (value: string, suffix: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[suffix]!

function parseWrk(output: string): WrkRun {
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
  const wrk = (url: string) =>
    parseWrk(
      execFileSync(
        'wrk',
        [
          `-t${threads}`,
          `-c${connections}`,
          `-d${durationS}s`,
          '--latency',
          '-s',
          script,
          `${url}${WEBHOOK_PATH}`,
        ],
        { encoding: 'utf8' },
      ),
    )
  const children: Child[] = []
  try {
    const bareServer = await startChild('bench/bare-http.ts', {}, /BARE_URL=(\S+)/)
    children.push(bareServer)
    const bare = wrk(bareServer.value)
    await bareServer.stop()

    const relayDir = join(root, 'relay')
    const relayServer = await startRelayProcess({
      dataDir: relayDir,
      appSecret,
      desktopToken: newToken(),
    })
    children.push(relayServer)
    const relay = wrk(relayServer.value)

    // Open loop at a fixed rate: the ack latency a steady stream of webhooks sees.
    const pool = new Pool(relayServer.value, { connections: 64, pipelining: 1 })
    const headers = signedWebhookHeaders(body, appSecret)
    const run = await openLoop(rate, durationS, async () => {
      const res = await pool.request({ method: 'POST', path: WEBHOOK_PATH, headers, body })
      await res.body.dump()
      return res.statusCode === 200
    })
    await pool.close()
    const latencies = Array.from(run.done, (done, i) => done - run.due[i]!)
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
      openLoop: {
        rate,
        achievedRate: Math.round(run.achievedRate),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        failures: run.failures,
      },
      stored,
    }
  } finally {
    for (const child of children) await child.stop()
    rmSync(root, { recursive: true, force: true })
  }
}
