import type { ChannelsOf } from '@shared/contract/names'
import type { platformNames } from '@shared/contract/platform.names'
import type { Platform } from '../platform'
import { checkPlatform } from '../platform-check'
import type { HandlersFor } from '../router'

export function platformHandlers({
  platform,
}: {
  platform: Platform
}): HandlersFor<ChannelsOf<typeof platformNames>> {
  return { 'platform:check': async () => checkPlatform(platform) }
}
