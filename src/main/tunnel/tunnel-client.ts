import { AppError } from '@shared/contract/errors'
import { MAX_WINDOW } from '@shared/relay/protocol'
import type { TunnelEventsApplied, TunnelStatus } from '@shared/contract/tunnel'
import { backoffDelay, type Backoff } from '@shared/backoff'
import type { Logger } from '../logger'
import type { RelayEventsRepo } from '../store/relay-events-repo'
import { createClaimDesk, type ClaimDesk, type ClaimDeskOptions, type Claims } from './claims'
import type { RelayTarget } from './relay-target'
import { createSignupDesk, type SignupDesk, type SignupRelay } from './signup-desk'
import {
  openConnection,
  type Connection,
  type ConnectionEnd,
  type ConnectionHandlers,
} from './tunnel-connection'
import {
  createStatusBoard,
  lagOf,
  type AppliedHead,
  type RelayHead,
  type StatusBoard,
} from './tunnel-status'

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
  /** Claim timings (tests shorten them). */
  claims?: Omit<ClaimDeskOptions, 'log'>
}

export interface TunnelClient {
  status(): TunnelStatus
  /** Replays every event the relay received at or after `since` (epoch ms); applied ones are skipped. */
  resync(since: number): void
  /** Connects now instead of at the next backoff step. */
  retryNow(): void
  /** Work exactly one desktop does (claims.ts): this desktop takes claims. */
  claims: Claims
  /** Embedded Signup results through the relay (signup-desk.ts). */
  signups: SignupRelay
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
  // This desktop could not store what it received: its own disk, not the relay, needs a look.
  if (AppError.is(end.error) && (end.error.code === 'DISK_FULL' || end.error.code === 'STORAGE'))
    return { message: end.error.message, ...(end.error.fix ? { fix: end.error.fix } : {}) }
  const detail = end.error?.message ?? end.reason
  return {
    message: `Lost the relay at ${target.url}: ${detail}`,
    ...(target.kind === 'remote'
      ? { fix: 'Check that the relay is running and that RELAY_URL points at it.' }
      : {}),
  }
}

/** What the reconnect loop and the stream handlers share for one client. */
interface ClientState {
  deps: TunnelClientDeps
  board: StatusBoard
  stopped: boolean
  /** A re-sync asked for: the next hello carries `since` instead of the cursor. */
  resyncSince: number | null
  /** Reconnect without waiting (the connection was closed on purpose, for a re-sync). */
  reconnectNow: boolean
  connection: Connection | null
  wake: (() => void) | null
  caughtUp: boolean
  head: RelayHead | null
  applied: AppliedHead | null
  claims: ClaimDesk
  signups: SignupDesk
}

/** The token, or why there is none (in the status's words). */
async function readToken(target: RelayTarget): Promise<string | TunnelStatus['error']> {
  try {
    const token = await target.token()
    if (token) return token
    return {
      message: 'No relay token is set.',
      fix: 'Set RELAY_TOKEN in the environment or .env, or in Settings → Secrets → Relay token.',
    }
  } catch (error) {
    const fix = (error as { fix?: string }).fix
    return { message: (error as Error).message, ...(fix ? { fix } : {}) }
  }
}

const refreshLag = (state: ClientState) =>
  state.board.set({ lag: lagOf(state.caughtUp, state.head, state.applied) })

/** What the stream does to the status and the store, for one connection. */
function streamHandlers(state: ClientState, since: number | null): ConnectionHandlers {
  const { board, deps } = state
  return {
    onWelcome(welcome) {
      if (since !== null && state.resyncSince === since) state.resyncSince = null
      state.head = { cursor: welcome.head, receivedAt: null }
      if (welcome.trimmed)
        deps.log.warn('tunnel.events-trimmed', {
          detail: 'the relay deleted events (retention) before this desktop received them',
        })
      board.set({ state: 'catching-up', error: null })
      refreshLag(state)
      state.claims.connected((frame) => state.connection?.send(frame))
      state.signups.connected((frame) => state.connection?.send(frame))
    },
    onApplied(outcome, frames) {
      const last = frames.at(-1)!
      state.applied = { cursor: last.cursor, receivedAt: last.receivedAt }
      const newest = Math.max(last.receivedAt, Date.parse(board.get().lastEventAt ?? '0'))
      board.set({
        eventsApplied: board.get().eventsApplied + outcome.recorded,
        lastEventAt: iso(newest),
      })
      if (state.caughtUp) state.head = { cursor: last.cursor, receivedAt: last.receivedAt }
      refreshLag(state)
      deps.onApplied({
        ...outcome,
        lastReceivedAt: iso(last.receivedAt),
        appliedAt: iso(Date.now()),
      })
    },
    onCaughtUp() {
      state.caughtUp = true
      board.set({ state: 'connected', resyncSince: null })
      refreshLag(state)
    },
    onHeartbeat(frame) {
      state.head = { cursor: frame.head, receivedAt: frame.headReceivedAt }
      refreshLag(state)
    },
    onClaimFrame: (frame) => state.claims.onFrame(frame),
    onSignupResult: (frame) => state.signups.onFrame(frame),
  }
}

/** One connection, from the token to its end; or why it could not start. */
async function connectOnce(state: ClientState): Promise<ConnectionEnd | TunnelStatus['error']> {
  const { deps } = state
  const token = await readToken(deps.target)
  if (typeof token !== 'string') return token
  // The relay ignores a cursor from another log (a new or wiped relay) and starts from its oldest
  // event; the store then skips whatever was already applied.
  const stored = deps.repo.cursor(deps.target.key)
  const since = state.resyncSince
  state.caughtUp = false
  state.board.set({ state: 'connecting', retryAt: null })
  state.connection = openConnection({
    target: deps.target,
    token,
    repo: deps.repo,
    log: deps.log,
    hello: {
      desktopId: deps.desktopId,
      after: since === null ? (stored?.cursor ?? null) : null,
      ...(stored ? { logId: stored.logId } : {}),
      ...(since === null ? {} : { since }),
      window: Math.min(MAX_WINDOW, deps.window ?? MAX_WINDOW),
    },
    handlers: streamHandlers(state, since),
  })
  const end = await state.connection.ended
  state.connection = null
  state.claims.disconnected()
  state.signups.disconnected()
  return end
}

/** Waits `ms`, or less when woken (a re-sync, "retry now", stop). */
function pause(state: ClientState, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      state.wake = null
      resolve()
    }
    state.wake = done
  })
}

async function reconnectLoop(state: ClientState): Promise<void> {
  const { deps, board } = state
  const backoff = deps.backoff ?? RECONNECT_BACKOFF
  let attempt = 0
  while (!state.stopped) {
    const end = await connectOnce(state)
    if (state.stopped) break
    const ended = end !== null && 'welcomed' in end ? end : null
    if (ended?.welcomed) attempt = 0
    if (ended)
      deps.log.info('tunnel.disconnected', { relay: deps.target.url, reason: ended.reason })
    if (state.reconnectNow) {
      state.reconnectNow = false
      continue
    }
    const delay = backoffDelay(attempt++, backoff)
    board.set({
      state: 'disconnected',
      retryAt: iso(Date.now() + delay),
      error: ended ? errorOf(ended, deps.target) : (end as TunnelStatus['error']),
    })
    await pause(state, delay)
  }
}

/**
 * Keeps this desktop streaming from its relay: connects, resumes from the stored cursor, applies
 * and acknowledges, and after any disconnect reconnects with jittered backoff. "Re-sync from a
 * date" reconnects with `since`; events already applied are skipped by the store, never doubled.
 */
export function startTunnelClient(deps: TunnelClientDeps): TunnelClient {
  const latest = deps.repo.latestReceivedAt()
  const state: ClientState = {
    deps,
    board: createStatusBoard(
      {
        relay: deps.target.kind,
        relayUrl: deps.target.url,
        state: 'connecting',
        lag: { events: null, seconds: null },
        lastEventAt: latest === null ? null : iso(latest),
        eventsApplied: deps.repo.count(),
        // The projection's, filled in by the tunnel service (projector.ts).
        inboxBacklog: 0,
        resyncSince: null,
        retryAt: null,
        error: null,
      },
      deps.onStatus,
    ),
    stopped: false,
    resyncSince: null,
    reconnectNow: false,
    connection: null,
    wake: null,
    caughtUp: false,
    head: null,
    applied: null,
    claims: createClaimDesk({ log: deps.log, ...deps.claims }),
    signups: createSignupDesk(deps.log, deps.target.url),
  }
  const running = reconnectLoop(state).catch((error: unknown) =>
    deps.log.error('tunnel.loop-failed', { error }),
  )
  return {
    status: () => state.board.get(),
    resync(since) {
      state.resyncSince = since
      state.board.set({ resyncSince: iso(since), state: 'connecting' })
      if (state.connection) {
        state.reconnectNow = true
        state.connection.close('re-sync requested')
      } else state.wake?.()
    },
    retryNow: () => state.wake?.(),
    claims: { claim: (key, options) => state.claims.claim(key, options) },
    signups: {
      registerSignup: (signupState, expiresAt) =>
        state.signups.registerSignup(signupState, expiresAt),
      onSignupResult: (listener) => state.signups.onSignupResult(listener),
    },
    async stop() {
      state.stopped = true
      state.claims.close()
      state.signups.close()
      state.connection?.close('desktop shutting down')
      state.wake?.()
      await running
      state.board.close()
    },
  }
}
