import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsService } from '../settings/settings-service'
import type { AuditRepo } from '../store/audit-repo'
import { createClientsRepo } from '../store/clients-repo'
import type { Db } from '../store/database'
import { createKnowledgeIndexCache, type KnowledgeIndexCache } from './kb-index'
import { createKbRepo } from './kb-repo'
import { seedOnOnboarded } from './kb-seed'
import { createKnowledgeService, type KnowledgeService } from './kb-service'
import { configuredProvider, type OpenAiTuning } from './provider-config'
import { normaliseTerms } from './text-normalise'
import type { DraftProvider } from './provider'

export interface AiRuntime {
  knowledge: KnowledgeService
  /** The drafters' shared search index (one per client, follows the knowledge base's revision). */
  cache: KnowledgeIndexCache
  /** The provider the settings choose now (local by default); build one per draft. */
  provider(): Promise<DraftProvider>
  close(): void
}

/**
 * The AI domain for the core: knowledge bases (seeded when a client is onboarded, and at start
 * for onboarded clients that have none yet) and the configured draft provider.
 */
export function startAi(deps: {
  db: Db
  audit: AuditRepo
  events: CoreEvents
  settings: Pick<SettingsService, 'get'>
  store: Pick<SecretStore, 'get'>
  log: Logger
  /** The OpenAI-compatible provider's timeouts and retries (tests shorten them). */
  tuning?: OpenAiTuning
}): AiRuntime {
  const clients = createClientsRepo(deps.db)
  const cache = createKnowledgeIndexCache()
  const knowledge = createKnowledgeService({
    repo: createKbRepo(deps.db),
    client: (clientId) => clients.get(clientId),
    audit: deps.audit,
    events: deps.events,
    cache,
  })
  const seed = (clientId: string) => {
    try {
      knowledge.seed(clientId)
    } catch (error) {
      deps.log.warn('knowledge.seed-failed', { clientId, error })
    }
  }
  const unsubscribe = seedOnOnboarded(
    deps.events,
    seed,
    (clientId) => clients.get(clientId)?.state === 'onboarded',
  )
  for (const client of clients.inStates(['onboarded'])) seed(client.id)
  // The English model loads on first use (~100 ms, more on a busy machine): load it just after
  // start rather than inside the first customer's draft, which an agent expects within a second.
  const warmUp = setTimeout(() => normaliseTerms('warm up', 'en'), 0)
  warmUp.unref()
  return {
    knowledge,
    cache,
    provider: () =>
      configuredProvider({
        settings: deps.settings,
        secrets: deps.store,
        cache,
        log: deps.log,
        ...(deps.tuning ? { tuning: deps.tuning } : {}),
      }),
    close: () => {
      clearTimeout(warmUp)
      unsubscribe()
    },
  }
}
