import type { Mode } from '@shared/contract/app'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsService } from '../settings/settings-service'
import type { AuditRepo } from '../store/audit-repo'
import type { Db } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import type { RelayTarget } from './relay-target'
import { startTunnelService, type TunnelService } from './tunnel-service'

export interface StartTunnelDeps {
  mode: Mode
  dataDir: string
  db: Db
  settings: SettingsService
  /** The user's keychain store: `relay-token` lives there. */
  store: SecretStore
  audit: AuditRepo
  events: CoreEvents
  log: Logger
  backoff?: { baseMs: number; capMs: number }
}

/**
 * Which relay this desktop streams from: the one at `RELAY_URL` (or saved in Settings) whenever it
 * is set, with `RELAY_TOKEN` from the keychain; otherwise none.
 */
export function remoteRelayTarget(
  settings: SettingsService,
  store: SecretStore,
): RelayTarget | null {
  const url = settings.get('relayUrl')
  if (!url) return null
  return { kind: 'remote', key: url, url, token: () => store.get('relay-token') }
}

export function startTunnel(deps: StartTunnelDeps): TunnelService {
  return startTunnelService({
    target: remoteRelayTarget(deps.settings, deps.store),
    dataDir: deps.dataDir,
    repo: createRelayEventsRepo(deps.db),
    audit: deps.audit,
    events: deps.events,
    log: deps.log,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  })
}
