import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

const equal = { baseMs: 500, capMs: 15_000 }
const full = { baseMs: 250, capMs: 4_000, jitter: 'full' as const }

describe('backoffDelay', () => {
  it('doubles per attempt, between half and all of the step (equal jitter, the default)', () => {
    expect(backoffDelay(0, equal, () => 0)).toBe(250)
    expect(backoffDelay(0, equal, () => 1)).toBe(500)
    expect(backoffDelay(3, equal, () => 0)).toBe(2_000)
    expect(backoffDelay(3, equal, () => 1)).toBe(4_000)
    expect(backoffDelay(3, equal, () => 0.5)).toBe(3_000)
  })

  it('with full jitter, anywhere from 0 to the step', () => {
    expect(backoffDelay(0, full, () => 0)).toBe(0)
    expect(backoffDelay(0, full, () => 1)).toBe(250)
    expect(backoffDelay(2, full, () => 0.5)).toBe(500)
  })

  it('never exceeds the cap, however many attempts failed', () => {
    expect(backoffDelay(50, equal, () => 1)).toBe(15_000)
    expect(backoffDelay(50, equal, () => 0)).toBe(7_500)
    expect(backoffDelay(50, full, () => 1)).toBe(4_000)
  })

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, equal, () => 1)).toBe(500)
  })
})
