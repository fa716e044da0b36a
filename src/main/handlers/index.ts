import type { AppInfo } from '@shared/contract/channels'
import type { Platform } from '../platform'
import { checkPlatform } from '../platform-check'
import type { Handlers } from '../router'
import type { SecretsService } from '../secrets/secrets-service'
import type { SettingsService } from '../settings/settings-service'

export interface HandlerDeps {
  info: () => AppInfo
  settings: SettingsService
  secrets: SecretsService
  platform: Platform
}

/** Thin: each handler names who acts and delegates to a service. Input is already validated. */
export function createHandlers({ info, settings, secrets, platform }: HandlerDeps): Handlers {
  const actor = (transport: string) => `user:${transport}`
  return {
    'app:info': async () => info(),
    'settings:get': async () => settings.view(),
    'settings:set': async (patch, ctx) => settings.set(patch, actor(ctx.transport)),
    'secrets:status': async () => secrets.statusAll(),
    'secrets:set': async ({ name, value }, ctx) => secrets.set(name, value, actor(ctx.transport)),
    'secrets:delete': async ({ name }, ctx) => secrets.delete(name, actor(ctx.transport)),
    'platform:check': async () => checkPlatform(platform),
  }
}
