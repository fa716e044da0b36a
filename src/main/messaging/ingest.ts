import { normaliseWebhook, type NormalisedUpdate } from '@shared/whatsapp/normalise'
import { refreshAnalytics } from '../analytics/refresh'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import { flushSearchIndex } from './search-index'
import type { ChangeSet } from './changes'
import { writeCachedContacts } from './contacts'
import { updateAggregates } from './conversations'
import { createIngestCache, type IngestCache } from './ingest-cache'
import { applyEcho, applyInbound, type Applied, type IngestContext } from './ingest-messages'
import { applyStatus } from './ingest-status'
import { applyOther, keepFailure, keepUpdate, type ManagementApplier } from './ingest-updates'

/**
 * Webhook → conversations: one relay event's body normalised (normalise.ts) and each update
 * applied — messages and echoes into their contact's conversation, statuses folded into their
 * message, everything else kept raw — then, once per batch, the contacts the batch changed
 * written, the aggregates of every conversation touched brought up to date (folded when only
 * messages were added, recomputed otherwise), the analytics refreshed and the new texts indexed
 * for search. Runs inside the caller's transaction (the tunnel's, with its cursor).
 *
 * A batch is applied in one savepoint, with one cache of the contacts and conversations it read
 * (ingest-cache.ts). An update that cannot be applied (a bug) rolls that savepoint back, and the
 * batch is applied again with each update in a savepoint of its own: the failing one is kept with
 * its error and the rest go on. Live webhooks (batches of one) and catch-up batches take the same
 * path.
 */

export interface IngestDeps {
  db: Db
  log: Logger
  appliers?: readonly ManagementApplier[]
}

export interface IngestEvent {
  /** `relay_events.seq`, or null for bodies not from the relay (tests). */
  seq: number | null
  /** The relay's receive time (epoch ms): stands in for Meta's time when that is unreadable. */
  receivedAt: number
  body: string | Buffer
}

export interface Ingestor {
  /**
   * Applies webhook bodies in order, then recomputes the conversations they touched; call inside
   * a transaction. What changed is added to `changes` (push it after the commit).
   */
  applyBatch(events: readonly IngestEvent[], changes: ChangeSet): void
}

function applyUpdate(
  ctx: IngestContext,
  update: NormalisedUpdate,
  appliers: readonly ManagementApplier[],
): Applied | null {
  switch (update.kind) {
    case 'message':
      return applyInbound(ctx, update)
    case 'status':
      return applyStatus(ctx, update)
    case 'message_echo':
      return applyEcho(ctx, update)
    default:
      applyOther(ctx, update, appliers)
      return null
  }
}

interface EventUpdates {
  event: IngestEvent
  updates: NormalisedUpdate[]
}

export function createIngestor(deps: IngestDeps): Ingestor {
  const { db, log } = deps
  const appliers = deps.appliers ?? []
  const apply = (ctx: IngestContext, update: NormalisedUpdate) => {
    const applied = applyUpdate(ctx, update, appliers)
    if (applied?.outcome === 'set-aside')
      keepUpdate(ctx, update, { reason: applied.reason, applied: false })
  }
  const contextOf = (event: IngestEvent, changes: ChangeSet, cache: IngestCache) => ({
    db,
    changes,
    cache,
    eventSeq: event.seq,
    receivedAt: event.receivedAt,
  })
  /** Every update in one savepoint, with one cache; throws (rolled back) when one fails. */
  const applyAll = db.transaction((batch: readonly EventUpdates[], changes: ChangeSet) => {
    const cache = createIngestCache()
    for (const { event, updates } of batch) {
      const ctx = contextOf(event, changes, cache)
      for (const update of updates) apply(ctx, update)
    }
    writeCachedContacts(db, cache)
  })
  /** One update in its own savepoint and with its own cache. */
  const applyOne = db.transaction((ctx: IngestContext, update: NormalisedUpdate) => {
    apply(ctx, update)
    writeCachedContacts(db, ctx.cache)
  })
  const applyEach = (batch: readonly EventUpdates[], changes: ChangeSet) => {
    for (const { event, updates } of batch) {
      for (const update of updates) {
        const ctx = contextOf(event, changes, createIngestCache())
        try {
          applyOne(ctx, update)
        } catch (error) {
          log.error('messaging.apply-failed', {
            error,
            kind: update.kind,
            path: update.at.path,
            seq: event.seq,
          })
          // Rolled back: rows it may have added before failing are not there.
          changes.distrustFolds()
          keepFailure(ctx, update, error)
        }
      }
    }
  }
  return {
    applyBatch(events, changes) {
      const batch = events.map((event) => ({
        event,
        updates: normaliseWebhook(
          typeof event.body === 'string' ? event.body : event.body.toString('utf8'),
        ),
      }))
      const restore = changes.checkpoint()
      try {
        applyAll(batch, changes)
      } catch (error) {
        // Rolled back whole: again update by update, so only the failing one is set aside (and
        // logged). Logged here too: a batch that then applies cleanly points at the batch path.
        log.warn('messaging.batch-retried', { error, events: batch.length })
        restore()
        applyEach(batch, changes)
      }
      updateAggregates(db, changes.takeAggregates())
      // The analytics rollups of what changed, in the same transaction (migration 0008). A failure
      // there never holds messages back: its savepoint is undone, the marks stay for the next try.
      try {
        refreshAnalytics(db)
      } catch (error) {
        log.error('analytics.refresh-failed', { error })
      }
      // The batch's texts into the search index, in one statement (migration 0014).
      flushSearchIndex(db)
    },
  }
}
