import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import { signedWebhookHeaders } from '@server-kit/testing/webhook-body'
import { newToken } from '@server-kit/http/bearer'
import { WS_PATH } from '@shared/contract/transport'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import { inboundBody } from '../src/main/test-support/webhook-relay-harness'
import { startDesktopProcess, startRelayProcess } from '../src/main/test-support/tunnel-processes'
import type { Child } from './lib/children'
import { httpOpenLoop, postRequest } from './lib/http-open-loop'
import { percentile } from './lib/percentile'

/** Seconds at the same rate before the counted run (JIT, caches and connections warm). */
const WARMUP_S = 2

/**
 * Webhook → desktop DB → push to renderer (issue #8), at a fixed rate: signed webhooks are POSTed
 * open-loop to the relay (its own process); the desktop core (the real core, `src/main/web.ts`,
 * its own process) streams them through the tunnel into SQLite, projects them into the inbox
 * right behind, and pushes `messages:received` over its WebSocket transport to a renderer — here a
 * WebSocket client in this process that logs in like the browser does. Latency of an event: from
 * when its POST was due to when the push naming its message reached the renderer. The first WARMUP_S seconds run at the
 * same rate and are not counted. Needs the OS keychain (the real core
 * moves RELAY_TOKEN into it): run inside `dbus-run-session -- sh scripts/unlock-keyring.sh`.
 */
export interface PushLatencyResult {
  rate: number
  durationS: number
  warmupS: number
  events: number
  achievedRate: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  /** The tunnel's part alone: from the relay's receive stamp to the push at the renderer. */
  fromRelay: { p50Ms: number; p99Ms: number }
  pushes: number
}

export async function tunnelPushLatency(
  options: { rate?: number; durationS?: number } = {},
): Promise<PushLatencyResult> {
  const rate = options.rate ?? 1000
  const durationS = options.durationS ?? 10
  const root = mkdtempSync(join(tmpdir(), 'wapc-push-'))
  const appSecret = randomBytes(16).toString('hex')
  const token = newToken()
  const keychainService = `wapc-bench-${process.pid}`
  const children: Child[] = []
  try {
    const relay = await startRelayProcess({
      dataDir: join(root, 'relay'),
      appSecret,
      desktopToken: token,
    })
    children.push(relay)
    const desktopDir = join(root, 'desktop')
    const desktop = await startDesktopProcess({
      dataDir: desktopDir,
      keychainService,
      appSecret,
      relayUrl: relay.value,
      relayToken: token,
    })
    children.push(desktop)

    // The renderer's side: the session cookie the printed token trades for, then the transport.
    const web = new URL(desktop.value)
    const renderer = new WebSocket(`ws://${web.host}${WS_PATH}`, {
      headers: { cookie: `wapc_session=${web.searchParams.get('token')}`, origin: web.origin },
    })
    await new Promise<void>((resolve, reject) => {
      renderer.once('open', () => resolve())
      renderer.once('error', reject)
    })
    /** When the push naming each message (by its text, `push message <i>`) reached the renderer. */
    const arrivedAt = new Map<number, number>()
    let pushes = 0
    renderer.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string
        event?: string
        payload?: { messages: { text: string | null }[] }
      }
      if (frame.type !== 'event' || frame.event !== 'messages:received') return
      const at = performance.now()
      pushes++
      for (const message of frame.payload!.messages) {
        const i = /^push message (\d+)$/.exec(message.text ?? '')
        if (i) arrivedAt.set(Number(i[1]), at)
      }
    })

    const run = await httpOpenLoop({
      origin: relay.value,
      rate,
      durationS,
      warmupS: WARMUP_S,
      request: (i) => {
        const body = inboundBody(`wamid.push.${i}`, `push message ${i}`)
        return postRequest(
          relay.value,
          WEBHOOK_PATH,
          { 'Content-Type': 'application/json', ...signedWebhookHeaders(body, appSecret) },
          body,
        )
      },
    })
    const total = run.done.filter((done) => !Number.isNaN(done)).length
    const deadline = Date.now() + 60_000
    while (arrivedAt.size < total && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    renderer.close()

    // Which push carried each event: the desktop applies in seq order, the pushes count them.
    const db = new Database(join(desktopDir, 'wapc.sqlite3'), { readonly: true })
    const rows = db
      .prepare('SELECT seq, received_at, body FROM relay_events ORDER BY seq')
      .all() as { seq: number; received_at: number; body: Buffer }[]
    db.close()
    const latencies: number[] = []
    const fromRelay: number[] = []
    for (const row of rows) {
      const wamid = /"id":"wamid\.push\.(\d+)"/.exec(row.body.toString())
      if (!wamid) continue
      const i = Number(wamid[1])
      const arrived = arrivedAt.get(i)
      // The warm-up's events are applied and pushed like the rest, but not counted.
      if (arrived === undefined || i < run.firstCounted) continue
      latencies.push(arrived - run.due[i]!)
      fromRelay.push(performance.timeOrigin + arrived - row.received_at)
    }
    return {
      rate,
      durationS,
      warmupS: WARMUP_S,
      events: latencies.length,
      achievedRate: Math.round(run.achievedRate),
      p50Ms: percentile(latencies, 50),
      p90Ms: percentile(latencies, 90),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      fromRelay: { p50Ms: percentile(fromRelay, 50), p99Ms: percentile(fromRelay, 99) },
      pushes,
    }
  } finally {
    for (const child of children.reverse()) await child.stop()
    const keytar = (await import('keytar')).default
    for (const credential of await keytar.findCredentials(keychainService))
      await keytar.deletePassword(keychainService, credential.account)
    rmSync(root, { recursive: true, force: true })
  }
}
