import { join } from 'node:path'
import type { Mode } from '@shared/contract/app'
import type { Backoff } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import type { CoreEvents } from '../core-events'
import { tokenInDataDir } from '../embedded/control-token'
import { pointSandboxWebhooks, webhookUrlOf } from '../embedded/sandbox-webhooks'
import { EMBEDDED_RELAY_DIR, startEmbeddedRelay, type EmbeddedRelay } from '../embedded/start-relay'
import type { EmbeddedSandbox } from '../embedded/start-sandbox'
import type { Logger } from '../logger'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsService } from '../settings/settings-service'
import type { AuditRepo } from '../store/audit-repo'
import type { Db } from '../store/database'
import { createRelayEventsRepo, type RelayEventSink } from '../store/relay-events-repo'
import { createRelayProjection } from '../store/relay-projection'
import { startProjector } from './projector'
import type { RelayTarget } from './relay-target'
import { startTunnelService, type TunnelService } from './tunnel-service'

export interface StartTunnelDeps {
  mode: Mode
  dataDir: string
  /** RELAY_PORT for the embedded relay (any free port when unset). */
  relayPort: number | undefined
  db: Db
  settings: SettingsService
  /** The user's keychain store: `relay-token` lives there. */
  store: SecretStore
  /** The embedded sandbox in sandbox mode: its webhooks are pointed at the relay. */
  sandbox: EmbeddedSandbox | null
  audit: AuditRepo
  events: CoreEvents
  log: Logger
  backoff?: Backoff
  /** Derives records from the recorded events, right behind the tunnel (messaging: webhooks into conversations). */
  sink?: RelayEventSink
}

export interface StartedTunnel {
  service: TunnelService
  /** Recorded events the sink has not applied yet (0 without a sink). */
  backlog(): number
  /** The relay streamed from: the embedded relay's loopback URL, RELAY_URL, or null. */
  relayUrl: string | null
  /** Start-up problems for the user (e.g. the sandbox could not reach the relay). */
  notices: string[]
  close(): Promise<void>
}

/** The embedded relay's desktop token: one per data directory, kept beside its log. */
export const EMBEDDED_TOKEN_FILE = join(EMBEDDED_RELAY_DIR, 'desktop-token')

/** The relay at `RELAY_URL` (or saved in Settings), with `RELAY_TOKEN` from the keychain. */
export function remoteRelayTarget(
  settings: SettingsService,
  store: SecretStore,
): RelayTarget | null {
  const url = settings.get('relayUrl')
  if (!url) return null
  return { kind: 'remote', key: url, url, token: () => store.get('relay-token') }
}

/**
 * The webhook path of this console. `RELAY_URL` set: that relay. Otherwise, in sandbox mode, a
 * relay in this process (SQLite in `<dataDir>/relay/`). Live mode without `RELAY_URL`: none — Meta
 * can only reach a public relay. In sandbox mode the sandbox's callback URL is set to the relay,
 * through Meta's verification handshake, so sandbox webhooks take the production path.
 */
export async function startTunnel(deps: StartTunnelDeps): Promise<StartedTunnel> {
  const { sandbox, log } = deps
  const notices: string[] = []
  let target = remoteRelayTarget(deps.settings, deps.store)
  let relay: EmbeddedRelay | null = null
  if (!target && deps.mode === 'sandbox' && sandbox) {
    const desktopToken = tokenInDataDir(
      deps.dataDir,
      EMBEDDED_TOKEN_FILE,
      "the embedded relay's desktop token",
      'Make the data directory writable, or set WAPC_DATA_DIR to another folder.',
    )
    const started = await startEmbeddedRelay({
      dataDir: deps.dataDir,
      port: deps.relayPort,
      appSecret: sandbox.credentials.appSecret,
      verifyToken: sandbox.credentials.verifyToken,
      desktopToken,
      log: log.child({ component: 'relay' }),
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
      throw new AppError('CONFIG', `RELAY_PORT ${deps.relayPort} is already in use.`, {
        fix: 'Stop the other program, or set RELAY_PORT to another port (unset picks a free one).',
        cause: error,
      })
    })
    relay = started
    target = {
      kind: 'embedded',
      key: 'embedded',
      url: started.url,
      token: async () => desktopToken,
    }
  }
  if (sandbox && target) {
    const problem = await pointSandboxWebhooks(sandbox, webhookUrlOf(target.url)).catch(
      (error: unknown) => (error as Error).message,
    )
    if (problem) {
      notices.push(
        `The sandbox could not set ${webhookUrlOf(target.url)} as its webhook callback (${problem}), so sandbox webhooks go nowhere.` +
          (target.kind === 'remote'
            ? ' Start that relay with the sandbox app secret and verify token, or unset RELAY_URL to use the embedded relay.'
            : ''),
      )
      log.warn('tunnel.sandbox-callback-failed', { problem })
    }
  }
  let service: TunnelService | null = null
  const projection = deps.sink ? createRelayProjection(deps.db, 'messaging', deps.sink) : null
  const projector = projection
    ? startProjector({
        projection,
        catchingUp: () => service?.status().state === 'catching-up',
        onProjected: (projected) =>
          deps.events.emit('tunnel:events-projected', { projected, backlog: projection.backlog() }),
        log: deps.log,
      })
    : null
  service = startTunnelService({
    target,
    dataDir: deps.dataDir,
    repo: createRelayEventsRepo(deps.db),
    audit: deps.audit,
    events: deps.events,
    log: deps.log,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    ...(projector ? { projector } : {}),
  })
  // Events recorded before a stop and not yet projected.
  projector?.wake()
  const started = service
  return {
    service: started,
    backlog: () => projector?.backlog() ?? 0,
    relayUrl: target?.url ?? null,
    notices,
    async close() {
      projector?.close()
      await started.close()
      await relay?.close()
    },
  }
}
