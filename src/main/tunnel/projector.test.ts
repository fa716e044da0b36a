import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../logger'
import type { RelayProjection } from '../store/relay-projection'
import { startProjector } from './projector'

/** A projection over `total` events that applies up to `limit` per step. */
function fakeProjection(total: number, failures = 0) {
  let applied = 0
  let failing = failures
  const steps: number[] = []
  const projection: RelayProjection = {
    step(limit) {
      if (failing > 0) {
        failing--
        throw new Error('disk full')
      }
      const n = Math.min(limit, total - applied)
      applied += n
      steps.push(n)
      return n
    },
    backlog: () => total - applied,
  }
  return {
    projection,
    steps,
    add: (n: number) => void (total += n),
    applied: () => applied,
  }
}

const log = createLogger({ level: 'error', console: false })
const turn = () => new Promise((resolve) => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('projector', () => {
  it('projects a live batch at once, in the same turn as the wake, and says so', () => {
    const fake = fakeProjection(3)
    const told: number[] = []
    const projector = startProjector({
      projection: fake.projection,
      catchingUp: () => false,
      onProjected: (n) => void told.push(n),
      log,
    })
    projector.wake()
    expect(fake.applied()).toBe(3)
    expect(projector.backlog()).toBe(0)
    expect(told).toEqual([3])
    // Nothing to apply: nothing to say.
    projector.wake()
    expect(told).toEqual([3])
    projector.close()
  })

  it('leaves a backlog alone while the tunnel catches up, and drains it in chunks afterwards', async () => {
    const fake = fakeProjection(1_200)
    let catchingUp = true
    const projector = startProjector({
      projection: fake.projection,
      catchingUp: () => catchingUp,
      log,
    })
    projector.wake()
    await turn()
    expect(fake.applied()).toBe(0)
    catchingUp = false
    projector.wake()
    // One chunk now; the event loop turns between the next ones.
    expect(fake.steps).toEqual([500])
    await turn()
    await turn()
    expect(fake.steps).toEqual([500, 500, 200])
    expect(projector.backlog()).toBe(0)
    projector.close()
  })

  it('retries a chunk that failed after a second, and projects what came meanwhile with it', () => {
    vi.useFakeTimers()
    const fake = fakeProjection(2, 1)
    const projector = startProjector({ projection: fake.projection, catchingUp: () => false, log })
    projector.wake()
    expect(fake.applied()).toBe(0)
    fake.add(1)
    // Waking during the pause does not hammer the failing store.
    projector.wake()
    expect(fake.applied()).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(fake.applied()).toBe(3)
    projector.close()
  })

  it('does nothing once closed', () => {
    const fake = fakeProjection(5)
    const projector = startProjector({ projection: fake.projection, catchingUp: () => false, log })
    projector.close()
    projector.wake()
    expect(fake.applied()).toBe(0)
  })

  it('never throws into the tunnel that woke it when telling the core fails', () => {
    const fake = fakeProjection(2)
    let reports = 0
    const projector = startProjector({
      projection: fake.projection,
      catchingUp: () => false,
      onProjected: () => {
        reports++
        throw new Error('database disk image is malformed')
      },
      log,
    })
    expect(() => projector.wake()).not.toThrow()
    expect([fake.applied(), reports]).toEqual([2, 1])
    fake.add(1)
    projector.wake()
    expect([fake.applied(), reports]).toEqual([3, 2])
    projector.close()
  })
})
