import { setTimeout as sleep } from 'node:timers/promises'

/**
 * An open-loop load generator: request i is due at start + i / rate whatever happened to the
 * others, and its latency counts from when it was due — so a slow server shows up as latency
 * instead of quietly lowering the rate (no coordinated omission).
 */
export interface OpenLoopResult {
  /** When each request was due and when it completed (performance.now() ms); NaN if it failed. */
  due: Float64Array
  done: Float64Array
  failures: number
  /** Requests completed per second over the whole run. */
  achievedRate: number
}

export async function openLoop(
  rate: number,
  durationS: number,
  send: (i: number) => Promise<boolean>,
): Promise<OpenLoopResult> {
  const total = Math.round(rate * durationS)
  const due = new Float64Array(total)
  const done = new Float64Array(total).fill(Number.NaN)
  let failures = 0
  const pending: Promise<void>[] = []
  const start = performance.now()
  for (let i = 0; i < total;) {
    const now = performance.now()
    while (i < total && start + (i * 1000) / rate <= now) {
      const index = i++
      due[index] = start + (index * 1000) / rate
      pending.push(
        send(index).then(
          (ok) => {
            if (ok) done[index] = performance.now()
            else failures++
          },
          () => void failures++,
        ),
      )
    }
    if (i < total) await sleep(Math.max(0, start + (i * 1000) / rate - performance.now()))
  }
  await Promise.all(pending)
  const last = Math.max(...Array.from(done).filter((t) => !Number.isNaN(t)))
  return { due, done, failures, achievedRate: (total - failures) / ((last - start) / 1000) }
}

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
