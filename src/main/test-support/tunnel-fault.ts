import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Pool } from 'undici'
import type { Child } from '../../../bench/lib/children'
import { signedWebhookHeaders } from '@server-kit/testing/webhook-body'
import { newToken } from '@server-kit/http/bearer'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import { DATABASE_FILE } from '../store/database'
import { tempDir } from './temp-dir'
import { startDesktopProcess, startRelayProcess } from './tunnel-processes'
import { inboundBody } from './webhook-relay-harness'

/**
 * The tunnel's fault test (issue #8), shared by `npm test` (a smaller count) and
 * `npm run bench -- tunnel-fault` (100,000): signed webhooks are POSTed to a relay process while
 * the relay is killed with SIGKILL and restarted 3 times and the desktop core (the real core, in
 * its own Node process) is killed with SIGKILL and restarted 3 times. A POST that fails is sent
 * again until the relay answers 200, as Meta does. Afterwards every event in the relay's log must
 * be in the desktop's database exactly once, and every acknowledged message exactly once.
 */
export interface FaultOptions {
  count: number
  /** POSTs in flight (Meta delivers concurrently). */
  concurrency?: number
  relayKills?: number
  desktopKills?: number
  log?: (line: string) => void
}

export interface FaultResult {
  count: number
  durationS: number
  relayKills: number
  desktopKills: number
  /** POSTs that failed (relay down or killed mid-request) and were sent again. */
  retriedPosts: number
  acknowledged: number
  relayEvents: number
  desktopEvents: number
  /** Relay events not in the desktop's database, or in it more than once (must both be 0). */
  missing: number
  doubled: number
  /** Desktop rows whose relay id the relay never had (must be 0). */
  unknown: number
  /** Acknowledged messages whose wamid the desktop did not apply (must be 0). */
  messagesMissing: number
  /** Messages applied (each wamid once, by its dedupe key). */
  messagesApplied: number
  /** Relay events recorded as duplicates (a POST stored, then sent again after its 200 was lost). */
  duplicateEvents: number
  logIdsMatch: boolean
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function kill(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()))
  child.process.kill('SIGKILL')
  await exited
}

function readOnly(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  return db
}

export async function runTunnelFault(options: FaultOptions): Promise<FaultResult> {
  const log = options.log ?? (() => undefined)
  const relayKills = options.relayKills ?? 3
  const desktopKills = options.desktopKills ?? 3
  const dir = tempDir('wapc-fault-')
  const appSecret = randomBytes(16).toString('hex')
  const desktopToken = newToken()
  const port = await freePort()
  const relayUrl = `http://127.0.0.1:${port}`
  const relayDir = join(dir.path, 'relay')
  const desktopDir = join(dir.path, 'desktop')
  const keychainService = `wapc-fault-${process.pid}-${Date.now()}`

  const startRelay = () => startRelayProcess({ dataDir: relayDir, appSecret, desktopToken, port })
  const startDesktop = () =>
    startDesktopProcess({
      dataDir: desktopDir,
      keychainService,
      appSecret,
      relayUrl,
      relayToken: desktopToken,
    })

  // Whatever was started is stopped in the `finally` below, even when a start fails.
  let relay: Child | null = null
  let desktop: Child | null = null
  const pool = new Pool(relayUrl, { connections: options.concurrency ?? 32, pipelining: 1 })
  let started: number
  let acknowledged = 0
  let retriedPosts = 0
  let relayDone = 0
  let desktopDone = 0
  let next = 0
  // Kills alternate, spread evenly over the acknowledged POSTs: relay, desktop, relay, …
  const faults = relayKills + desktopKills
  const thresholds = Array.from({ length: faults }, (_, k) =>
    Math.floor(((k + 1) * options.count) / (faults + 1)),
  )
  let faulting: Promise<void> | null = null

  const injectFault = async (k: number) => {
    const relayTurn = (k % 2 === 0 && relayDone < relayKills) || desktopDone >= desktopKills
    if (relayTurn) {
      log(`kill -9 relay at ${acknowledged} acknowledged`)
      await kill(relay!)
      await sleep(300)
      relay = await startRelay()
      relayDone++
    } else {
      log(`kill -9 desktop at ${acknowledged} acknowledged`)
      await kill(desktop!)
      desktop = await startDesktop()
      desktopDone++
    }
  }

  const post = async (i: number) => {
    const body = inboundBody(`wamid.fault.${i}`, `message ${i}`)
    const headers = signedWebhookHeaders(body, appSecret)
    for (;;) {
      try {
        const res = await pool.request({ method: 'POST', path: WEBHOOK_PATH, headers, body })
        await res.body.dump()
        if (res.statusCode === 200) break
      } catch {
        // Refused or cut off: the relay is down (or was killed mid-request). Send it again.
      }
      retriedPosts++
      await sleep(50)
    }
    acknowledged++
    const k = thresholds.findIndex((t) => acknowledged === t)
    if (k >= 0) faulting = (faulting ?? Promise.resolve()).then(() => injectFault(k))
  }
  const worker = async () => {
    while (next < options.count) await post(next++)
  }

  try {
    relay = await startRelay()
    desktop = await startDesktop()
    started = Date.now()
    await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker))
    await faulting
    log(`all ${options.count} acknowledged; waiting for the desktop to catch up`)

    const relayDb = readOnly(join(relayDir, 'relay.sqlite3'))
    const relayCount = () =>
      (relayDb.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    const desktopFile = join(desktopDir, DATABASE_FILE)
    const desktopCount = () => {
      const db = readOnly(desktopFile)
      try {
        return (db.prepare('SELECT count(*) AS n FROM relay_events').get() as { n: number }).n
      } finally {
        db.close()
      }
    }
    const deadline = Date.now() + 300_000
    while (desktopCount() < relayCount() && Date.now() < deadline) await sleep(200)
    const durationS = (Date.now() - started) / 1000

    const relaySeqs = (relayDb.prepare('SELECT seq FROM events').all() as { seq: number }[]).map(
      (row) => String(row.seq),
    )
    const relayLogId = (
      relayDb.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as
        { value: string } | undefined
    )?.value
    relayDb.close()
    const db = readOnly(desktopFile)
    const rows = db.prepare('SELECT cursor, log_id, duplicate_of FROM relay_events').all() as {
      cursor: string
      log_id: string
      duplicate_of: number | null
    }[]
    const keys = new Set(
      (
        db.prepare("SELECT key FROM relay_event_keys WHERE key LIKE 'message:%'").all() as {
          key: string
        }[]
      ).map((row) => row.key),
    )
    db.close()

    const seen = new Map<string, number>()
    for (const row of rows) seen.set(row.cursor, (seen.get(row.cursor) ?? 0) + 1)
    const relaySet = new Set(relaySeqs)
    let messagesMissing = 0
    for (let i = 0; i < options.count; i++)
      if (!keys.has(`message:wamid.fault.${i}`)) messagesMissing++
    return {
      count: options.count,
      durationS,
      relayKills: relayDone,
      desktopKills: desktopDone,
      retriedPosts,
      acknowledged,
      relayEvents: relaySeqs.length,
      desktopEvents: rows.length,
      missing: relaySeqs.filter((seq) => !seen.has(seq)).length,
      doubled: [...seen.values()].filter((n) => n > 1).length,
      unknown: rows.filter((row) => !relaySet.has(row.cursor)).length,
      messagesMissing,
      messagesApplied: keys.size,
      duplicateEvents: rows.filter((row) => row.duplicate_of !== null).length,
      logIdsMatch: relayLogId !== undefined && rows.every((row) => row.log_id === relayLogId),
    }
  } finally {
    await pool.close()
    await desktop?.stop()
    await relay?.stop()
    const keytar = (await import('keytar')).default
    for (const credential of await keytar.findCredentials(keychainService))
      await keytar.deletePassword(keychainService, credential.account)
    dir.cleanup()
  }
}
