/**
 * The sandbox's sense of time, in two parts:
 * - `now()` is virtual wall-clock time (epoch ms): real time plus an offset that `advance()` moves
 *   forward. Windows and expiries (24 h service window, 30 s auth codes, 5 min media URLs, 72 h
 *   registration limit) are measured on it, so tests can jump a day without waiting one.
 * - `after(ms, fn)` schedules real work (status progression, webhook retries, template review)
 *   with the delay multiplied by `timeScale` (1 = Meta-like timing; 0.01 = 100× faster).
 */
export interface Clock {
  now(): number
  /** Unix seconds as Meta writes them in payloads ("1716043521"). */
  unixSeconds(): string
  advance(ms: number): void
  /** How far `advance()` has moved virtual time ahead of real time, in ms (kept across restarts). */
  offset(): number
  timeScale(): number
  setTimeScale(scale: number): void
  /** Runs `fn` after `ms × timeScale` real milliseconds. Returns a cancel function. */
  after(ms: number, fn: () => void): () => void
  /** Cancels everything scheduled (server shutdown). */
  cancelAll(): void
}

export interface ClockOptions {
  /** The offset a previous run reached (virtual time never goes back across a restart). */
  offset?: number
  /** Called after each `advance()`, with the new offset. */
  onAdvance?: (offset: number) => void
}

export function createClock(initialScale = 1, options: ClockOptions = {}): Clock {
  let offset = options.offset ?? 0
  let scale = initialScale
  const timers = new Set<NodeJS.Timeout>()
  const clock: Clock = {
    now: () => Date.now() + offset,
    unixSeconds: () => String(Math.floor(clock.now() / 1000)),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('advance() takes a non-negative number of ms')
      offset += ms
      options.onAdvance?.(offset)
    },
    offset: () => offset,
    timeScale: () => scale,
    setTimeScale(next) {
      if (!Number.isFinite(next) || next < 0) throw new RangeError('time scale must be ≥ 0')
      scale = next
    },
    after(ms, fn) {
      const timer = setTimeout(
        () => {
          timers.delete(timer)
          fn()
        },
        Math.max(0, ms * scale),
      )
      timer.unref?.()
      timers.add(timer)
      return () => {
        clearTimeout(timer)
        timers.delete(timer)
      }
    },
    cancelAll() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
  return clock
}
