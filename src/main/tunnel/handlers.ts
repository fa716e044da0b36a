import type { ChannelsOf } from '@shared/contract/names'
import type { tunnelNames } from '@shared/contract/tunnel.names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { TunnelService } from './tunnel-service'

/** Thin: the tunnel service does the work; a re-sync goes to the audit trail with its actor. */
export function tunnelHandlers({
  tunnel,
}: {
  tunnel: TunnelService
}): HandlersFor<ChannelsOf<typeof tunnelNames>> {
  return {
    'tunnel:status': async () => tunnel.status(),
    'tunnel:resync': async ({ since }, ctx) => tunnel.resync(Date.parse(since), actorOf(ctx)),
  }
}
