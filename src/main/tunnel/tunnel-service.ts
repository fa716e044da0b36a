import type { Backoff } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import type { TunnelStatus } from '@shared/contract/tunnel'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { AuditRepo } from '../store/audit-repo'
import type { RelayEventsRepo } from '../store/relay-events-repo'
import { desktopIdFor, type RelayTarget } from './relay-target'
import type { Claims } from './claims'
import type { Projector } from './projector'
import type { SignupRelay } from './signup-desk'
import { startTunnelClient, type TunnelClient } from './tunnel-client'

/** The tunnel domain as the handlers and the core see it. */
export interface TunnelService {
  status(): TunnelStatus
  resync(since: number, actor: string): TunnelStatus
  /** Work exactly one desktop does, through the relay's claims (claims.ts). */
  claims: Claims
  /** Live mode's Embedded Signup results, routed back by the relay (signup-desk.ts). */
  signups: SignupRelay
  close(): Promise<void>
}

export interface TunnelServiceDeps {
  /** Where to stream from; null when there is no relay (live mode without RELAY_URL). */
  target: RelayTarget | null
  dataDir: string
  repo: RelayEventsRepo
  audit: AuditRepo
  events: CoreEvents
  log: Logger
  /** Passed to the client (tests shorten the backoff). */
  backoff?: Backoff
  /** Told when events were recorded and when the tunnel's state changed. */
  projector?: Projector
}

const NO_RELAY = {
  message: 'No relay is configured, so Meta has nowhere to deliver webhooks.',
  fix: 'Set RELAY_URL to your relay and RELAY_TOKEN to one of its desktop tokens (README: "The webhook relay"), then restart.',
}

/**
 * Starts the desktop's side of the webhook tunnel (issue #8): the client streams from `target`
 * into the store, every state change goes to renderers as `tunnel:state-changed`, and every
 * committed batch as `tunnel:events-applied`.
 */
export function startTunnelService(deps: TunnelServiceDeps): TunnelService {
  const { target, repo, events, log } = deps
  if (!target) {
    const latest = repo.latestReceivedAt()
    const off: TunnelStatus = {
      relay: 'none',
      relayUrl: null,
      state: 'off',
      lag: { events: null, seconds: null },
      lastEventAt: latest === null ? null : new Date(latest).toISOString(),
      eventsApplied: repo.count(),
      inboxBacklog: deps.projector?.backlog() ?? 0,
      resyncSince: null,
      retryAt: null,
      error: NO_RELAY,
    }
    return {
      status: () => off,
      resync() {
        throw new AppError('CONFIG', NO_RELAY.message, { fix: NO_RELAY.fix })
      },
      claims: { claim: async () => ({ kind: 'unavailable', reason: 'no relay is configured' }) },
      signups: {
        registerSignup() {
          throw new AppError(
            'CONFIG',
            'No relay is configured, so the Embedded Signup launcher’s result cannot reach this desktop.',
            { fix: NO_RELAY.fix },
          )
        },
        onSignupResult: () => () => undefined,
      },
      close: async () => undefined,
    }
  }
  const withInbox = (status: TunnelStatus): TunnelStatus => ({
    ...status,
    inboxBacklog: deps.projector?.backlog() ?? 0,
  })
  const client: TunnelClient = startTunnelClient({
    target,
    desktopId: desktopIdFor(deps.dataDir),
    repo,
    log: log.child({ component: 'tunnel' }),
    onStatus: (status) => {
      events.emit('tunnel:state-changed', withInbox(status))
      deps.projector?.wake()
    },
    onApplied: (applied) => {
      events.emit('tunnel:events-applied', applied)
      deps.projector?.wake()
    },
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  })
  log.info('tunnel.started', { relay: target.kind, url: target.url })
  return {
    status: () => withInbox(client.status()),
    resync(since, actor) {
      deps.audit.append({
        actor,
        action: 'tunnel.resync',
        subject: target.key,
        details: { since: new Date(since).toISOString() },
      })
      client.resync(since)
      return client.status()
    },
    claims: client.claims,
    signups: client.signups,
    close: () => client.stop(),
  }
}
