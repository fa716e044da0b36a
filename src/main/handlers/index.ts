import type { AppInfo } from '@shared/contract/app'
import { aiHandlers } from '../ai/handlers'
import { analyticsHandlers } from '../analytics/handlers'
import type { AnalyticsService } from '../analytics/service'
import type { KnowledgeService } from '../ai/kb-service'
import { draftsHandlers } from '../drafts/handlers'
import type { DraftsRuntime } from '../drafts/start-drafts'
import { messagingHandlers } from '../messaging/handlers'
import type { MessagingService } from '../messaging/service'
import type { OnboardingService } from '../onboarding/service'
import { onboardingHandlers } from '../onboarding/handlers'
import { outboxHandlers } from '../outbox/handlers'
import type { OutboxServices } from '../outbox/services'
import type { Platform } from '../platform'
import type { Handlers } from '../router'
import { secretsHandlers } from '../secrets/handlers'
import type { SecretsService } from '../secrets/secrets-service'
import { settingsHandlers } from '../settings/handlers'
import type { SettingsService } from '../settings/settings-service'
import { tunnelHandlers } from '../tunnel/handlers'
import type { TunnelService } from '../tunnel/tunnel-service'
import { appHandlers } from './app'
import { platformHandlers } from './platform'

export interface HandlerDeps {
  info: () => AppInfo
  settings: SettingsService
  secrets: SecretsService
  platform: Platform
  onboarding: OnboardingService
  tunnel: TunnelService
  messaging: MessagingService
  knowledge: KnowledgeService
  sending: OutboxServices
  analytics: AnalyticsService
  drafts: Pick<DraftsRuntime, 'service' | 'policies'>
}

/**
 * Every channel's handler, one spread per domain (each domain module lists only its own channels;
 * the `Handlers` type makes a missing domain a compile error). Handlers are thin: they name who
 * acts and delegate to a service. Input is already validated.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...settingsHandlers(deps),
    ...secretsHandlers(deps),
    ...platformHandlers(deps),
    ...onboardingHandlers(deps),
    ...tunnelHandlers(deps),
    ...messagingHandlers(deps),
    ...aiHandlers(deps),
    ...outboxHandlers(deps),
    ...analyticsHandlers(deps),
    ...draftsHandlers(deps),
  }
}
