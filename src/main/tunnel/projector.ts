import { turnSafely } from '../background-turn'
import type { Logger } from '../logger'
import type { RelayProjection } from '../store/relay-projection'

/** Events projected per transaction while a backlog drains (the event loop turns between them). */
const CHUNK = 500
const RETRY_MS = 1000

export interface Projector {
  /** Events were recorded, or the tunnel's state changed: project what is behind. */
  wake(): void
  /** Recorded events not yet projected. */
  backlog(): number
  close(): void
}

/**
 * Runs a relay projection right behind the tunnel. Live events are projected as soon as their
 * batch is recorded (same turn of the event loop, so the inbox shows them at once); a backlog
 * drains in chunks, one transaction each, with the event loop turning between them. While the
 * tunnel catches up with the relay it is left to do that alone — the desktop takes the relay's
 * backlog at the speed of its own rows — and the projection drains it when the tunnel is live (or
 * the connection drops). A chunk that fails is rolled back and tried again after a second.
 */
export function startProjector(deps: {
  projection: RelayProjection
  /** True while the tunnel streams a backlog (it wakes the projector when that ends). */
  catchingUp: () => boolean
  /** After each transaction that applied events. */
  onProjected?: (projected: number) => void
  log: Logger
}): Projector {
  let closed = false
  let scheduled: NodeJS.Immediate | null = null
  let retry: NodeJS.Timeout | null = null

  const run = () => {
    scheduled = null
    if (closed || retry || deps.catchingUp()) return
    let applied: number
    try {
      applied = deps.projection.step(CHUNK)
    } catch (error) {
      deps.log.error('tunnel.projection-failed', { error })
      retry = setTimeout(() => {
        retry = null
        run()
      }, RETRY_MS)
      retry.unref()
      return
    }
    // Telling the rest of the core reads the backlog: a failure there is logged, never thrown
    // into the tunnel that woke us.
    if (applied > 0)
      turnSafely(deps.log, 'tunnel.projected-report-failed', () => deps.onProjected?.(applied))
    if (applied === CHUNK) scheduled = setImmediate(run)
  }

  return {
    wake() {
      if (scheduled === null) run()
    },
    backlog: () => deps.projection.backlog(),
    close() {
      closed = true
      if (scheduled) clearImmediate(scheduled)
      if (retry) clearTimeout(retry)
    },
  }
}
