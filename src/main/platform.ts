import type { Mode } from '@shared/contract/channels'
import type { EmbeddedSandbox } from './embedded/start-sandbox'
import { createGraphApi, type GraphApi } from './graph'
import type { RetryPolicy } from './graph/retry'
import type { Logger } from './logger'
import { LIVE_CLOCK, sandboxClock, type PlatformClock } from './platform-clock'
import { createKeytarSecretStore } from './secrets/keytar-secret-store'
import type { SecretStore } from './secrets/secret-store'
import {
  DEFAULT_GRAPH_API_VERSION,
  META_GRAPH_BASE_URL,
  type SettingsService,
} from './settings/settings-service'

/**
 * The WhatsApp platform the console talks to, and as whom. Live: Meta, with the partner's app,
 * portfolio and credit line from Settings and secrets from the keychain. Sandbox: the embedded
 * sandbox with its own partner credentials, kept in a separate keychain namespace so sandbox
 * tokens never mix with real ones. Settings always describe the live setup, so a user can prepare
 * it while still on the sandbox.
 */
export interface Platform {
  mode: Mode
  graphBaseUrl(): string
  graphApiVersion(): string
  appId(): string | null
  businessId(): string | null
  creditLineId(): string | null
  secrets: SecretStore
  graph: GraphApi
  /** The platform's time: Meta's timestamps are compared with it (platform-clock.ts). */
  clock: PlatformClock
}

export interface PlatformDeps {
  mode: Mode
  settings: SettingsService
  /** The user's keychain store (live secrets). */
  store: SecretStore
  keychainService: string
  sandbox: EmbeddedSandbox | null
  log: Logger
  /** Graph client timeouts and retries (tests shorten them). */
  graphOptions?: { timeoutMs?: number; retry?: RetryPolicy } | undefined
}

export const sandboxKeychainService = (service: string) => `${service} (sandbox)`

export async function createPlatform({
  mode,
  settings,
  store,
  keychainService,
  sandbox,
  log,
  graphOptions = {},
}: PlatformDeps): Promise<Platform> {
  const graphApiVersion = () => settings.get('graphApiVersion') ?? DEFAULT_GRAPH_API_VERSION
  if (mode === 'sandbox') {
    if (!sandbox) throw new Error('sandbox mode needs the embedded sandbox')
    const secrets = createKeytarSecretStore({ service: sandboxKeychainService(keychainService) })
    const c = sandbox.credentials
    // The embedded sandbox keeps its partner credentials per data directory (created on its first
    // start); put them where the Graph client and onboarding read live ones, so both modes run the
    // same code (the verify token is needed when webhooks go to a RELAY_URL). A keychain problem
    // is reported by the calls that need it (and already shown as a start-up notice).
    for (const [account, value] of [
      ['app-secret', c.appSecret],
      ['system-user-token', c.systemUserToken],
      ['webhook-verify-token', c.verifyToken],
    ] as const) {
      await secrets
        .set(account, value)
        .catch((error: unknown) =>
          log.warn('platform.sandbox-secret-not-saved', { account, error }),
        )
    }
    const profile = {
      graphBaseUrl: () => sandbox.url,
      graphApiVersion,
      appId: () => c.appId,
      businessId: () => c.businessId,
      creditLineId: () => c.creditLineId,
    }
    return {
      mode,
      ...profile,
      secrets,
      clock: sandboxClock(sandbox),
      graph: createGraphApi({
        baseUrl: profile.graphBaseUrl,
        apiVersion: graphApiVersion,
        appId: profile.appId,
        secrets,
        log,
        ...graphOptions,
      }),
    }
  }
  const profile = {
    graphBaseUrl: () => settings.get('graphBaseUrl') ?? META_GRAPH_BASE_URL,
    graphApiVersion,
    appId: () => settings.get('facebookAppId'),
    businessId: () => settings.get('facebookBusinessId'),
    creditLineId: () => settings.get('facebookCreditLineId'),
  }
  return {
    mode,
    ...profile,
    secrets: store,
    clock: LIVE_CLOCK,
    graph: createGraphApi({
      baseUrl: profile.graphBaseUrl,
      apiVersion: graphApiVersion,
      appId: profile.appId,
      secrets: store,
      log,
      ...graphOptions,
    }),
  }
}
