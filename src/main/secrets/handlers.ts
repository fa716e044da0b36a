import type { ChannelsOf } from '@shared/contract/names'
import type { secretsNames } from '@shared/contract/secrets.names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { SecretsService } from './secrets-service'

export function secretsHandlers({
  secrets,
}: {
  secrets: SecretsService
}): HandlersFor<ChannelsOf<typeof secretsNames>> {
  return {
    'secrets:status': async () => secrets.statusAll(),
    'secrets:set': async ({ name, value }, ctx) => secrets.set(name, value, actorOf(ctx)),
    'secrets:delete': async ({ name }, ctx) => secrets.delete(name, actorOf(ctx)),
  }
}
