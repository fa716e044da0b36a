import { userInfo } from 'node:os'
import type { AppInfo, Mode } from '@shared/contract/channels'
import packageJson from '../../package.json' with { type: 'json' }
import { loadConfig, type Config } from './config/config'
import { PRODUCT_NAME } from './config/data-dir'
import { decideMode } from './config/mode'
import { createCleanupStack } from './cleanup-stack'
import { createCoreEvents, type CoreEvents } from './core-events'
import {
  startEmbeddedSandbox,
  type EmbeddedSandbox,
  type EmbeddedSandboxOptions,
  type SandboxSeed,
} from './embedded/start-sandbox'
import { createHandlers } from './handlers'
import type { Logger } from './logger'
import { createMessagingService } from './messaging/service'
import { DEFAULT_AI_BASE_URL, DEFAULT_AI_MODEL, type OpenAiTuning } from './ai/provider-config'
import { startAi } from './ai/start-ai'
import { createAnalyticsService } from './analytics/service'
import { startDrafts } from './drafts/start-drafts'
import {
  applyThroughputUpgrade,
  createTemplateStatusApplier,
  startSending,
  type Sending,
  type SendingDeps,
} from './outbox/start'
import type { OnboardingTimings } from './onboarding/deps'
import type { OnboardingService } from './onboarding/service'
import { startOnboarding } from './onboarding/start'
import { createPlatform, type PlatformDeps } from './platform'
import { createRouter, type Router } from './router'
import { openKeychain } from './secrets/keychain-startup'
import type { SecretStore } from './secrets/secret-store'
import { createSecretsService } from './secrets/secrets-service'
import {
  createSettingsService,
  DEFAULT_GRAPH_API_VERSION,
  META_GRAPH_BASE_URL,
} from './settings/settings-service'
import { createAuditRepo } from './store/audit-repo'
import { createClientsRepo } from './store/clients-repo'
import { openDataDir } from './store/open-data-dir'
import { createSettingsRepo } from './store/settings-repo'
import { startTunnel } from './tunnel/start-tunnel'

export interface CoreOptions {
  runtime: 'electron' | 'node'
  /** Shorter onboarding timings (tests). */
  onboardingTimings?: Partial<OnboardingTimings>
  /** Graph client timeouts and retries (tests). */
  graphOptions?: PlatformDeps['graphOptions']
  /** Outbox worker timings and the send timeout (tests shorten them). */
  sending?: Pick<SendingDeps, 'worker' | 'downloader' | 'sendTimeoutMs' | 'now'>
  /** The OpenAI-compatible AI provider's timeouts and retries (tests shorten them). */
  aiTuning?: OpenAiTuning
  /** The OS app-data folder; `WAPC_DATA_DIR` overrides it. */
  defaultDataDir: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  log?: Logger
  /** Replaces the OS keychain (only for tests that are not about the keychain). */
  secretStore?: SecretStore
  /** Starts the sandbox in sandbox mode (default: the embedded one, on SANDBOX_PORT or any port). */
  startSandbox?: (
    port: number | undefined,
    log: Logger,
    seed?: SandboxSeed,
    options?: EmbeddedSandboxOptions,
  ) => Promise<EmbeddedSandbox>
}

export interface Core {
  router: Router
  events: CoreEvents
  log: Logger
  config: Config
  mode: Mode
  info(): AppInfo
  /** Client onboarding (Electron main hands it the signup window's result). */
  onboarding: OnboardingService
  /**
   * The embedded sandbox's control token (null in live mode): printed beside its URL at start,
   * never part of info() — that goes to the renderer.
   */
  sandboxControlToken: string | null
  /** The relay webhooks come through: the embedded relay's URL, RELAY_URL, or null. */
  relayUrl: string | null
  /** Stored media files, for the web server and the app:// handler (GET /media/<sha256>). */
  media: Sending['media']
  /** Tells renderers the core is up (push event `app:ready`). */
  ready(): void
  close(): Promise<void>
}

/** Who the agent is when no agent name is set: the OS account's name. */
function osUserName(): string {
  try {
    return userInfo().username || 'agent'
  } catch {
    return 'agent'
  }
}

/**
 * Builds the core in plain Node: configuration, data directory, logger, database, keychain, mode,
 * services and the router. Electron main and browser mode both call this and attach a transport.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const config = loadConfig({
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    defaultDataDir: options.defaultDataDir,
  })
  const { lock, log, db } = openDataDir({ config, runtime: options.runtime, log: options.log })
  const cleanups = createCleanupStack((error) => log.error('core.close-failed', { error }))
  // Run last: the folder is given back once everything in it is closed.
  cleanups.push(() => lock.release())
  cleanups.push(() => void db.close())
  // Once, newest first, however often it is called (a signal can arrive during a failed start).
  const close = cleanups.close

  try {
    const audit = createAuditRepo(db)
    // Notices collects the keychain's, then the tunnel's; info() hands the same list out.
    const { store, notices, takenFrom, hasAppSecret } = await openKeychain({
      config,
      db,
      log,
      secretStore: options.secretStore,
    })

    const settingsRepo = createSettingsRepo(db)
    const saved = settingsRepo.all()
    const facebookAppId = config.envSettings.facebookAppId ?? saved.get('facebookAppId') ?? null
    const { mode, reason } = decideMode({
      preference: config.modePreference,
      facebookAppId,
      hasAppSecret,
    })

    let sandbox: EmbeddedSandbox | null = null
    if (mode === 'sandbox') {
      const started = await (options.startSandbox ?? startEmbeddedSandbox)(
        config.sandboxPort,
        log.child({ component: 'sandbox' }),
        undefined,
        { dataDir: config.dataDir, env: { SANDBOX_CONTROL_TOKEN: config.sandboxControlToken } },
      )
      cleanups.push(() => started.close())
      sandbox = started
    }
    const sandboxUrl = sandbox?.url ?? null

    const settings = createSettingsService({
      repo: settingsRepo,
      audit,
      envSettings: config.envSettings,
      defaults: {
        graphApiVersion: DEFAULT_GRAPH_API_VERSION,
        graphBaseUrl: META_GRAPH_BASE_URL,
        theme: 'system',
        aiProvider: 'local',
        aiBaseUrl: DEFAULT_AI_BASE_URL,
        aiModel: DEFAULT_AI_MODEL,
        aiRedaction: 'on',
      },
    })
    const secrets = createSecretsService({ store, audit, log, takenFrom })
    const platform = await createPlatform({
      mode,
      settings,
      store,
      keychainService: config.keychainService,
      sandbox,
      log,
      graphOptions: options.graphOptions,
    })
    cleanups.push(() => platform.graph.close())
    const events = createCoreEvents(log)
    // Before onboarding starts: a client completed from here on gets its knowledge base seeded.
    const ai = startAi({
      db,
      audit,
      events,
      settings,
      store,
      log: log.child({ component: 'ai' }),
      ...(options.aiTuning ? { tuning: options.aiTuning } : {}),
    })
    cleanups.push(() => ai.close())
    const templateApplier = createTemplateStatusApplier(platform.clock.now)
    const messaging = createMessagingService({
      db,
      events,
      log: log.child({ component: 'messaging' }),
      appliers: [templateApplier.apply, applyThroughputUpgrade],
    })
    const tunnel = await startTunnel({
      mode,
      dataDir: config.dataDir,
      relayPort: config.relayPort,
      db,
      settings,
      store,
      sandbox,
      audit,
      events,
      log,
      sink: messaging.sink,
    })
    cleanups.push(() => tunnel.close())
    notices.push(...tunnel.notices)
    const sending = startSending({
      db,
      platform,
      events,
      log,
      dataDir: config.dataDir,
      // Caught up: the relay's events are here and the projection has applied them all.
      caughtUp: () => tunnel.service.status().state === 'connected' && tunnel.backlog() === 0,
      templateApplier,
      // Windows and Meta's pair rate are measured on the platform's clock (platform-clock.ts).
      now: platform.clock.now,
      ...options.sending,
    })
    cleanups.push(() => sending.close())
    const analytics = createAnalyticsService({
      db,
      events,
      log: log.child({ component: 'analytics' }),
    })
    cleanups.push(() => analytics.close())
    const clients = createClientsRepo(db)
    const drafts = startDrafts({
      db,
      events,
      audit,
      log: log.child({ component: 'drafts' }),
      outbox: sending.services.outbox,
      claims: tunnel.service.claims,
      drafter: { provider: ai.provider, snapshot: (clientId) => ai.knowledge.snapshot(clientId) },
      client: (clientId) => clients.get(clientId),
      agentName: () => settings.get('agentName') ?? osUserName(),
      now: platform.clock.now,
    })
    cleanups.push(() => drafts.close())
    // Sandbox mode: POST /_sandbox/clock moved the platform's time; renderers follow it.
    cleanups.push(
      platform.clock.onChange((offsetMs) => events.emit('app:clock-changed', { offsetMs })),
    )

    const info = (): AppInfo => ({
      name: PRODUCT_NAME,
      version: packageJson.version,
      mode,
      modeReason: reason,
      dataDir: config.dataDir,
      platform: process.platform,
      runtime: options.runtime,
      graphBaseUrl: platform.graphBaseUrl(),
      graphApiVersion: platform.graphApiVersion(),
      sandboxUrl,
      notices,
      platformClockOffsetMs: platform.clock.offsetMs(),
    })
    const onboarding = startOnboarding({
      db,
      audit,
      platform,
      settings,
      events,
      log,
      sandboxUrl,
      env: options.env ?? process.env,
      signupRelay: tunnel.service.signups,
      timings: options.onboardingTimings,
    })
    cleanups.push(() => onboarding.stop())
    const router = createRouter(
      createHandlers({
        info,
        settings,
        secrets,
        platform,
        onboarding,
        tunnel: tunnel.service,
        messaging,
        knowledge: ai.knowledge,
        sending: sending.services,
        analytics,
        drafts,
      }),
      log,
    )
    log.info('core.started', { mode, dataDir: config.dataDir, sandboxUrl })

    return {
      router,
      events,
      log,
      config,
      mode,
      info,
      onboarding,
      sandboxControlToken: sandbox?.controlToken ?? null,
      relayUrl: tunnel.relayUrl,
      media: sending.media,
      ready: () => events.emit('app:ready', { version: packageJson.version, mode }),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
