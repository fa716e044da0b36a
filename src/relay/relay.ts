import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpRefusal } from '@server-kit/http/refusal'
import { loopbackHosts } from '@server-kit/http/loopback'
import { silentLogger, type Logger } from '@server-kit/log/logger'
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, TUNNEL_PATH } from '@shared/relay/protocol'
import { tokenDigest } from './auth'
import { ClaimCoordinator } from './claims/coordinator'
import { sendText } from './http/respond'
import { route, targetOf } from './http/routes'
import { openRedisLog } from './log/redis-log'
import { openSqliteLog } from './log/sqlite-log'
import type { EventLog } from './log/types'
import { RelayMetrics } from './metrics'
import { SignupRouter } from './signup/router'
import { createTunnel } from './tunnel/server'
import type { DesktopSession } from './tunnel/session'

export type RelayStorage = { dataDir: string } | { redisUrl: string; redisPrefix?: string }

export interface RelayOptions {
  /** Default 127.0.0.1 (the embedded relay); `npm run relay` passes RELAY_HOST (0.0.0.0). */
  host?: string
  /** 0 picks a free port. */
  port?: number
  storage: RelayStorage
  appSecret: string
  verifyToken: string
  /** Accepted desktop tokens; only their SHA-256 digests are kept. */
  desktopTokens: readonly string[]
  retentionMs?: number
  signupOrigin?: string
  /** When set, `/metrics` needs it as a bearer token. */
  metricsToken?: string
  logger?: Logger
  heartbeatMs?: number
  leaseMs?: number
  now?: () => number
}

export interface RunningRelay {
  /** `http://host:port` as bound. */
  url: string
  port: number
  log: EventLog
  metrics: RelayMetrics
  close(): Promise<void>
}

const DEFAULT_RETENTION_MS = 14 * 24 * 60 * 60 * 1000
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export async function openEventLog(
  storage: RelayStorage,
  retentionMs: number,
  logger: Logger = silentLogger,
): Promise<EventLog> {
  return 'dataDir' in storage
    ? openSqliteLog(storage.dataDir)
    : openRedisLog({
        url: storage.redisUrl,
        retentionMs,
        logger,
        ...(storage.redisPrefix === undefined ? {} : { prefix: storage.redisPrefix }),
      })
}

/**
 * Starts a relay: Meta's webhook endpoint in front of a durable log, the desktops' tunnel, claims,
 * the signup result route, health and metrics. The core's embedded mode and `npm run relay` both
 * start it through here.
 */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const host = options.host ?? '127.0.0.1'
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const log = await openEventLog(options.storage, retentionMs, logger)
  const metrics = new RelayMetrics()
  const sessions = new Map<string, DesktopSession>()
  const claims = new ClaimCoordinator({ store: log.claims, leaseMs, metrics, logger, now })
  const signups = new SignupRouter(
    log.signups,
    (desktopId, frame) => sessions.get(desktopId)?.send(frame) ?? false,
    (desktopId) => sessions.has(desktopId),
    logger,
  )
  const ctx = { log, metrics, logger, claims, signups, heartbeatMs, leaseMs, sessions }
  const tunnel = createTunnel(
    ctx,
    options.desktopTokens.map((token) => tokenDigest(token)),
    randomUUID().slice(0, 8),
  )
  let hosts: ReadonlySet<string> | null = null
  const deps = {
    log,
    metrics,
    logger,
    now,
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    signups,
    signupOrigin: options.signupOrigin,
    metricsToken: options.metricsToken,
    get hosts() {
      return hosts
    },
  }

  const server = createServer({ requestTimeout: 60_000, headersTimeout: 15_000 }, (req, res) => {
    route(req, res, deps).catch((error: unknown) => {
      if (error instanceof HttpRefusal) {
        sendText(res, error.status, error.message, { connection: 'close', ...error.headers })
        return
      }
      logger.error('relay.http.failed', { error })
      sendText(res, 500, 'Internal error.')
    })
  })
  server.on('upgrade', (req, socket, head) => {
    let path: string
    try {
      path = targetOf(req, hosts).pathname
    } catch (error) {
      const status = error instanceof HttpRefusal ? error.status : 400
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    if (path === TUNNEL_PATH) tunnel.upgrade(req, socket, head)
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch(async (error: unknown) => {
    tunnel.close()
    await log.close()
    throw error
  })
  const port = (server.address() as AddressInfo).port
  if (LOOPBACK.has(host)) hosts = loopbackHosts(port, host)

  const trim = () =>
    log
      .trim(now() - retentionMs)
      .then((deleted) => deleted > 0 && logger.info('relay.retention.trimmed', { deleted }))
      .catch((error: unknown) => logger.error('relay.retention.failed', { error }))
  void trim()
  const trimTimer = setInterval(trim, Math.min(60 * 60 * 1000, retentionMs / 4))
  trimTimer.unref()

  let closing: Promise<void> | undefined
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  logger.info('relay.started', { url, backend: log.backend, logId: log.logId })
  return {
    url,
    port,
    log,
    metrics,
    close() {
      closing ??= shutdown()
      return closing
    },
  }

  async function shutdown(): Promise<void> {
    clearInterval(trimTimer)
    claims.stop()
    signups.close()
    tunnel.close()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
      setTimeout(() => server.closeAllConnections(), 2000).unref()
    })
    await log.close()
  }
}
