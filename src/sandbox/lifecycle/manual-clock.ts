/**
 * A hand-driven clock for tests of timer-based logic: nothing runs until `runDue()`/`runAll()`,
 * so tests assert on order and content, never on elapsed time. Same shape as the sandbox clock's
 * `now()/unixSeconds()/after()` (src/sandbox/clock.ts).
 *   createManualClock(startMs?) → { now, unixSeconds, after, advance(ms), runAll(), pending() }
 */
export interface ManualClock {
  now(): number
  unixSeconds(): string
  after(ms: number, fn: () => void): () => void
  /** Moves time forward by `ms` and runs everything that became due, in due order. */
  advance(ms: number): void
  /** Runs timers (including ones they schedule) until none is left; returns how many ran. */
  runAll(limit?: number): number
  pending(): number
}

interface Timer {
  due: number
  seq: number
  fn: () => void
}

export function createManualClock(startMs = 1_750_000_000_000): ManualClock {
  let now = startMs
  let seq = 0
  const timers = new Set<Timer>()

  const next = (): Timer | undefined => {
    let best: Timer | undefined
    for (const t of timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t
    }
    return best
  }

  const run = (t: Timer) => {
    timers.delete(t)
    now = Math.max(now, t.due)
    t.fn()
  }

  return {
    now: () => now,
    unixSeconds: () => String(Math.floor(now / 1000)),
    after(ms, fn) {
      const timer: Timer = { due: now + Math.max(0, ms), seq: seq++, fn }
      timers.add(timer)
      return () => {
        timers.delete(timer)
      }
    },
    advance(ms) {
      const until = now + ms
      for (let t = next(); t && t.due <= until; t = next()) run(t)
      now = until
    },
    runAll(limit = 100_000) {
      let ran = 0
      for (let t = next(); t && ran < limit; t = next(), ran++) run(t)
      return ran
    },
    pending: () => timers.size,
  }
}
