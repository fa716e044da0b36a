import type { AppInfo } from '@shared/contract/app'
import type { appNames } from '@shared/contract/app.names'
import type { ChannelsOf } from '@shared/contract/names'
import type { HandlersFor } from '../router'

export function appHandlers({
  info,
}: {
  info: () => AppInfo
}): HandlersFor<ChannelsOf<typeof appNames>> {
  return { 'app:info': async () => info() }
}
