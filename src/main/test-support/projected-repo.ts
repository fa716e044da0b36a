import type { Db } from '../store/database'
import {
  createRelayEventsRepo,
  type IncomingRelayEvent,
  type RelayEventSink,
} from '../store/relay-events-repo'
import { createRelayProjection } from '../store/relay-projection'

/**
 * The tunnel's store with the messaging projection run to the end after each apply, as the core's
 * projector does for live events: `apply` records the events, then projects everything behind.
 */
export function projectedRepo(db: Db, sink: RelayEventSink) {
  const repo = createRelayEventsRepo(db)
  const projection = createRelayProjection(db, 'messaging', sink)
  return {
    ...repo,
    projection,
    apply(relay: string, logId: string, events: readonly IncomingRelayEvent[], now?: number) {
      const outcome = repo.apply(relay, logId, events, now)
      while (projection.step(1000) > 0);
      return outcome
    },
  }
}
