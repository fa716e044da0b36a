import { normaliseWebhook, type NormalisedUpdate } from '@shared/whatsapp/normalise'
import { refreshAnalytics } from '../analytics/refresh'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import { flushSearchIndex } from './search-index'
import type { ChangeSet } from './changes'
import { updateAggregates } from './conversations'
import {
  applyEcho,
  applyInbound,
  applyStatus,
  type Applied,
  type IngestContext,
} from './ingest-messages'
import { applyOther, keepFailure, keepUpdate, type ManagementApplier } from './ingest-updates'

/**
 * Webhook → conversations: one relay event's body normalised (normalise.ts) and each update
 * applied — messages and echoes into their contact's conversation, statuses folded into their
 * message, everything else kept raw — then the aggregates of every conversation touched
 * brought up to date (folded when only messages were added, recomputed otherwise). Runs inside
 * the caller's transaction (the tunnel's, with its cursor); each update in a savepoint, so one
 * that cannot be applied (a bug) is kept with its error and the rest go on.
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

export function createIngestor(deps: IngestDeps): Ingestor {
  const { db, log } = deps
  const appliers = deps.appliers ?? []
  const inSavepoint = db.transaction((ctx: IngestContext, update: NormalisedUpdate) => {
    const applied = applyUpdate(ctx, update, appliers)
    if (applied?.outcome === 'set-aside')
      keepUpdate(ctx, update, { reason: applied.reason, applied: false })
  })
  return {
    applyBatch(events, changes) {
      for (const event of events) {
        const text = typeof event.body === 'string' ? event.body : event.body.toString('utf8')
        const ctx: IngestContext = {
          db,
          changes,
          eventSeq: event.seq,
          receivedAt: event.receivedAt,
        }
        for (const update of normaliseWebhook(text)) {
          try {
            inSavepoint(ctx, update)
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
