import { MAX_WINDOW } from '@shared/relay/protocol'
import type { TunnelEventsApplied, TunnelStatus } from '@shared/contract/tunnel'
import { backoffDelay, type Backoff } from '@shared/backoff'
import type { Logger } from '../logger'
import type { RelayEventsRepo } from '../store/relay-events-repo'
import type { RelayTarget } from './relay-target'
import { openConnection, type Connection, type ConnectionEnd } from './tunnel-connection'
import { createStatusBoard, lagOf, type AppliedHead, type RelayHead } from './tunnel-status'

export interface TunnelClientDeps {
  target: RelayTarget
  desktopId: string
  repo: RelayEventsRepo
  log: Logger
  onStatus(status: TunnelStatus): void
  onApplied(applied: TunnelEventsApplied): void
  /** Un-acked events the relay may send ahead (default: the protocol's maximum, for catch-up). */
  window?: number
  /** Reconnect delays (tests shorten them). */
  backoff?: Backoff
}

export interface TunnelClient {
  status(): TunnelStatus
  /** Replays every event the relay received at or after `since` (epoch ms); applied ones are skipped. */
  resync(since: number): void
  /** Connects now instead of at the next backoff step. */
  retryNow(): void
  stop(): Promise<void>
}

/**
 * Equal jitter: desktops that lost the relay together (a relay restart) spread their reconnects,
 * and none retries at once; a relay down for long is tried every 15 to 30 s.
 */
export const RECONNECT_BACKOFF: Backoff = { baseMs: 500, capMs: 30_000 }

const iso = (ms: number) => new Date(ms).toISOString()

/** Why a connection ended, in words for the status bar and Settings. */
function errorOf(end: ConnectionEnd, target: RelayTarget): TunnelStatus['error'] {
  if (end.refusedStatus === 401 || end.refusedStatus === 403) {
    return target.kind === 'embedded'
      ? { message: `The embedded relay refused this desktop (HTTP ${end.refusedStatus}).` }
      : {
          message: `The relay refused this desktop's token (HTTP ${end.refusedStatus}).`,
          fix: "Set RELAY_TOKEN (Settings → Secrets → Relay token) to one of the relay's RELAY_DESKTOP_TOKEN values.",
        }
  }
  const detail = end.error?.message ?? end.reason
  return {
    message: `Lost the relay at ${target.url}: ${detail}`,
    ...(target.kind === 'remote'
      ? { fix: 'Check that the relay is running and that RELAY_URL points at it.' }
      : {}),
  }
}

/**
 * Keeps this desktop streaming from its relay: connects, resumes from the stored cursor, applies
 * and acknowledges, and after any disconnect reconnects with jittered backoff. "Re-sync from a
 * date" reconnects with `since`; events already applied are skipped by the store, never doubled.
 */
export function startTunnelClient(deps: TunnelClientDeps): TunnelClient {
  const { target, repo, log } = deps
  const backoff = deps.backoff ?? RECONNECT_BACKOFF
  const latest = repo.latestReceivedAt()
  const board = createStatusBoard(
    {
      relay: target.kind,
      relayUrl: target.url,
      state: 'connecting',
      lag: { events: null, seconds: null },
      lastEventAt: latest === null ? null : iso(latest),
      eventsApplied: repo.count(),
      resyncSince: null,
      retryAt: null,
      error: null,
    },
    deps.onStatus,
  )
  let stopped = false
  let resyncSince: number | null = null
  let connection: Connection | null = null
  let wake: (() => void) | null = null
  let caughtUp = false
  let head: RelayHead | null = null
  let applied: AppliedHead | null = null

  const refreshLag = () => board.set({ lag: lagOf(caughtUp, head, applied) })

  const connectOnce = async (): Promise<ConnectionEnd | TunnelStatus['error']> => {
    let token: string | null
    try {
      token = await deps.target.token()
    } catch (error) {
      const fix = (error as { fix?: string }).fix
      return { message: (error as Error).message, ...(fix ? { fix } : {}) }
    }
    if (!token) {
      return {
        message: 'No relay token is set.',
        fix: 'Set RELAY_TOKEN in the environment or .env, or in Settings → Secrets → Relay token.',
      }
    }
    // The relay ignores a cursor from another log (a new or wiped relay) and starts from its oldest
    // event; the store then skips whatever was already applied.
    const stored = repo.cursor(target.key)
    const since = resyncSince
    caughtUp = false
    board.set({ state: 'connecting', retryAt: null })
    connection = openConnection({
      target,
      token,
      repo,
      log,
      hello: {
        desktopId: deps.desktopId,
        after: since === null ? (stored?.cursor ?? null) : null,
        ...(stored ? { logId: stored.logId } : {}),
        ...(since === null ? {} : { since }),
        window: Math.min(MAX_WINDOW, deps.window ?? MAX_WINDOW),
      },
      handlers: {
        onWelcome(welcome) {
          if (since !== null) resyncSince = null
          head = { cursor: welcome.head, receivedAt: null }
          if (welcome.trimmed)
            log.warn('tunnel.events-trimmed', {
              detail: 'the relay deleted events (retention) before this desktop received them',
            })
          board.set({ state: 'catching-up', error: null })
          refreshLag()
        },
        onApplied(outcome, frames) {
          const last = frames.at(-1)!
          applied = { cursor: last.cursor, receivedAt: last.receivedAt }
          const now = Date.now()
          board.set({
            eventsApplied: board.get().eventsApplied + outcome.recorded,
            lastEventAt: iso(Math.max(last.receivedAt, Date.parse(board.get().lastEventAt ?? '0'))),
          })
          if (caughtUp) head = { cursor: last.cursor, receivedAt: last.receivedAt }
          refreshLag()
          deps.onApplied({ ...outcome, lastReceivedAt: iso(last.receivedAt), appliedAt: iso(now) })
        },
        onCaughtUp() {
          caughtUp = true
          board.set({ state: 'connected', resyncSince: null })
          refreshLag()
        },
        onHeartbeat(frame) {
          head = { cursor: frame.head, receivedAt: frame.headReceivedAt }
          refreshLag()
        },
      },
    })
    const end = await connection.ended
    connection = null
    return end
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })

  const loop = async () => {
    let attempt = 0
    while (!stopped) {
      const end = await connectOnce()
      if (stopped) break
      const ended = end !== null && 'welcomed' in end ? end : null
      if (ended?.welcomed) attempt = 0
      if (ended) log.info('tunnel.disconnected', { relay: target.url, reason: ended.reason })
      // A re-sync reconnects at once; anything else waits its backoff step.
      if (resyncSince !== null) continue
      const delay = backoffDelay(attempt++, backoff)
      board.set({
        state: 'disconnected',
        retryAt: iso(Date.now() + delay),
        error: ended ? errorOf(ended, target) : (end as TunnelStatus['error']),
      })
      await sleep(delay)
    }
  }
  const running = loop().catch((error: unknown) => log.error('tunnel.loop-failed', { error }))

  return {
    status: () => board.get(),
    resync(since) {
      resyncSince = since
      board.set({ resyncSince: iso(since), state: 'connecting' })
      if (connection) connection.close('re-sync requested')
      else wake?.()
    },
    retryNow: () => wake?.(),
    async stop() {
      stopped = true
      connection?.close('desktop shutting down')
      wake?.()
      await running
      board.close()
    },
  }
}
