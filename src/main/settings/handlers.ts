import type { ChannelsOf } from '@shared/contract/names'
import type { settingsNames } from '@shared/contract/settings.names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { SettingsService } from './settings-service'

export function settingsHandlers({
  settings,
}: {
  settings: SettingsService
}): HandlersFor<ChannelsOf<typeof settingsNames>> {
  return {
    'settings:get': async () => settings.view(),
    'settings:set': async (patch, ctx) => settings.set(patch, actorOf(ctx)),
  }
}
