import { turnSafely } from '../background-turn'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import { dueDrafts, nextDeadline } from './repo'

export interface ReviewTimers {
  /** A deadline was set or cleared: look for the next one again. */
  reschedule(): void
  stop(): void
}

/** The longest a Node timer waits (2^31 − 1 ms); a later deadline is looked at again then. */
const MAX_DELAY_MS = 2_147_483_647
/** When the database could not be read. */
const RETRY_MS = 5_000

/**
 * `review-with-timeout`: each pending draft's `send_at` is kept in the database, so a deadline
 * survives a restart (a draft whose deadline passed while the console was closed goes out at
 * start, if its window is still open). One timer for the nearest deadline; `fire` sends each due
 * draft (its own state check makes an agent's action or a second firing a no-op).
 */
export function startReviewTimers(deps: {
  db: Db
  now: () => number
  log: Logger
  fire(draftId: number): Promise<unknown>
}): ReviewTimers {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running = false
  let again = false

  const run = async () => {
    timer = null
    if (running) {
      again = true
      return
    }
    running = true
    try {
      let due: number[] = []
      // Unreadable database: log it; schedule() below looks again.
      turnSafely(deps.log, 'drafts.timers-failed', () => (due = dueDrafts(deps.db, deps.now())))
      for (const id of due) {
        if (stopped) return
        await deps
          .fire(id)
          .catch((error: unknown) =>
            deps.log.error('drafts.timeout-send-failed', { draftId: id, error }),
          )
      }
    } finally {
      running = false
      if (!stopped) schedule()
      if (again) {
        again = false
        schedule()
      }
    }
  }

  function schedule() {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = null
    let next: number | null = null
    // Unreadable database: look again in a few seconds rather than never.
    if (!turnSafely(deps.log, 'drafts.timers-failed', () => (next = nextDeadline(deps.db))))
      next = deps.now() + RETRY_MS
    if (next === null) return
    timer = setTimeout(() => void run(), Math.min(MAX_DELAY_MS, Math.max(0, next - deps.now())))
    timer.unref()
  }

  schedule()
  return {
    reschedule: schedule,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
