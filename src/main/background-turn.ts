import type { Logger } from './logger'

/**
 * One turn of a background loop (the outbox worker, media downloads, review timers, health
 * checks), run from a timer where nothing would catch what it throws. A turn that fails — a full
 * disk, a read-only or locked database — is logged and reported as not done, and the loop tries
 * again at its next turn instead of taking the whole console down with an uncaught exception.
 * Whatever the turn wrote in a transaction was rolled back with it, so nothing is half-done.
 */
export function turnSafely(log: Logger, event: string, turn: () => void): boolean {
  try {
    turn()
    return true
  } catch (error) {
    log.error(event, { error })
    return false
  }
}
