import type { InspectEntity } from '../inspect/entity'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { eventRow } from './event-row'

/**
 * `npm run inspect -- events [--json]`: the relay events this desktop applied, in the order it
 * applied them, with the relay's id (the cursor in its log), receive time and the exact body.
 */
export const tunnelEntities: Record<string, InspectEntity> = {
  events: {
    describe:
      'relay events applied by the webhook tunnel, in order: relay id, receive time, raw body',
    tables: ['relay_events'],
    rows: (db, { limit }) => createRelayEventsRepo(db).page(0, limit).map(eventRow),
  },
}
