import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signedWebhookHeaders } from '@server-kit/testing/webhook-body'
import { newToken } from '@server-kit/http/bearer'
import { openSqliteLog } from '../src/relay/log/sqlite-log'
import { createLogger } from '../src/main/logger'
import { createMessagingService } from '../src/main/messaging/service'
import { applyThroughputUpgrade } from '../src/main/outbox/start'
import { createTemplateStatusApplier } from '../src/main/templates/applier'
import { DATABASE_FILE, openDatabase } from '../src/main/store/database'
import { createRelayEventsRepo } from '../src/main/store/relay-events-repo'
import { createRelayProjection } from '../src/main/store/relay-projection'
import { startProjector } from '../src/main/tunnel/projector'
import { startTunnelClient, type TunnelClient } from '../src/main/tunnel/tunnel-client'
import { startRelayProcess } from '../src/main/test-support/tunnel-processes'
import type { Child } from './lib/children'
import { webhookOfSize } from './lib/webhook-body'

/**
 * Desktop catch-up of a backlog (issue #8): the relay (its own process) holds N events stored
 * while the desktop was away; the desktop connects and applies them all as the core does — over
 * the WebSocket, frames checked with zod, wamid keys found, events + keys + cursor in one
 * transaction per batch with the messaging sink inside it (conversations, messages, search index,
 * analytics rollups; pushes to a no-op emitter after the commit), then acked. Baseline: the same
 * rows written straight into the same table with better-sqlite3 (prepared INSERT, 1,000 rows per
 * transaction) — the most a desktop could possibly do.
 */
export interface CatchupResult {
  events: number
  bodyBytes: number
  rawS: number
  rawPerS: number
  catchupS: number
  catchupPerS: number
  batches: number
  ratio: number
  /** From the connection until the projection had put every event in the inbox. */
  inboxS: number
  inboxPerS: number
  inboxRatio: number
}

const RAW_BATCH = 1000
/** About the size of a text message webhook with its contact and metadata. */
const BODY_BYTES = 1024

export async function tunnelCatchup(events = 1_000_000): Promise<CatchupResult> {
  const root = mkdtempSync(join(tmpdir(), 'wapc-catchup-'))
  const relayDir = join(root, 'relay')
  const appSecret = randomBytes(16).toString('hex')
  let relay: Child | null = null
  try {
    // The backlog, written through the relay's own log (durable appends, group commit).
    const log = openSqliteLog(relayDir)
    const logId = log.logId
    for (let i = 0; i < events; i += RAW_BATCH) {
      const round: Promise<string>[] = []
      for (let j = i; j < Math.min(events, i + RAW_BATCH); j++) {
        const body = webhookOfSize(BODY_BYTES, `wamid.backlog.${j}`)
        round.push(
          log.append({
            receivedAt: Date.now(),
            headers: signedWebhookHeaders(body, appSecret),
            body: Buffer.from(body),
          }),
        )
      }
      await Promise.all(round)
    }
    const rows = await log.readAfter(null, 1)
    const bodyBytes = rows[0]!.body.length
    await log.close()

    // Baseline: equal rows, straight into the desktop's table.
    const raw = openDatabase({ file: join(root, 'raw', DATABASE_FILE) }).db
    const insert = raw.prepare(
      `INSERT INTO relay_events (log_id, cursor, received_at, headers, body, applied_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    const headers = JSON.stringify(rows[0]!.headers)
    const body = rows[0]!.body
    const rawStart = performance.now()
    const writeBatch = raw.transaction((from: number) => {
      const now = Date.now()
      for (let k = from; k < Math.min(events, from + RAW_BATCH); k++)
        insert.run(logId, String(k + 1), now, headers, body, now)
    })
    for (let i = 0; i < events; i += RAW_BATCH) writeBatch(i)
    const rawS = (performance.now() - rawStart) / 1000
    raw.close()

    // Catch-up: the relay serves the backlog from its own process; the desktop client runs here.
    const token = newToken()
    relay = await startRelayProcess({ dataDir: relayDir, appSecret, desktopToken: token })
    const desktop = openDatabase({ file: join(root, 'desktop', DATABASE_FILE) }).db
    const logger = createLogger({ level: 'error', console: false })
    const messaging = createMessagingService({
      db: desktop,
      events: { emit: () => undefined },
      log: logger,
      appliers: [createTemplateStatusApplier().apply, applyThroughputUpgrade],
    })
    const repo = createRelayEventsRepo(desktop)
    // The projection into the inbox runs behind the tunnel, as in the core (tunnel/projector.ts).
    let projected = 0
    let inboxDone!: () => void
    const inboxFinished = new Promise<void>((resolve) => (inboxDone = resolve))
    const projection = createRelayProjection(desktop, 'messaging', {
      applyBatch(recorded) {
        messaging.sink.applyBatch(recorded)
        projected += recorded.length
      },
      committed() {
        messaging.sink.committed()
        if (projected >= events) inboxDone()
      },
      rolledBack: () => messaging.sink.rolledBack(),
    })
    let client: TunnelClient | null = null
    const projector = startProjector({
      projection,
      catchingUp: () => client?.status().state === 'catching-up',
      log: logger,
    })
    let applied = 0
    let batches = 0
    let catchupS = 0
    const start = performance.now()
    client = startTunnelClient({
      target: { kind: 'remote', key: relay.value, url: relay.value, token: async () => token },
      desktopId: 'bench-desktop',
      repo,
      log: logger,
      onStatus: () => projector.wake(),
      onApplied: (batch) => {
        applied += batch.recorded
        batches++
        if (applied >= events && catchupS === 0) catchupS = (performance.now() - start) / 1000
        projector.wake()
      },
    })
    await inboxFinished
    const inboxS = (performance.now() - start) / 1000
    projector.close()
    await client.stop()
    desktop.close()
    const rawPerS = events / rawS
    const catchupPerS = events / catchupS
    return {
      events,
      bodyBytes,
      rawS,
      rawPerS: Math.round(rawPerS),
      catchupS,
      catchupPerS: Math.round(catchupPerS),
      batches,
      ratio: catchupPerS / rawPerS,
      inboxS,
      inboxPerS: Math.round(events / inboxS),
      inboxRatio: events / inboxS / rawPerS,
    }
  } finally {
    await relay?.stop()
    rmSync(root, { recursive: true, force: true })
  }
}
