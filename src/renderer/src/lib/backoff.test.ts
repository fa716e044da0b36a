import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

const options = { baseMs: 500, capMs: 15_000 }

describe('backoffDelay', () => {
  it('doubles per attempt, between half and all of the exponential step', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(250)
    expect(backoffDelay(0, options, () => 1)).toBe(500)
    expect(backoffDelay(3, options, () => 0)).toBe(2_000)
    expect(backoffDelay(3, options, () => 1)).toBe(4_000)
  })

  it('never exceeds the cap, however many attempts failed', () => {
    expect(backoffDelay(50, options, () => 1)).toBe(15_000)
    expect(backoffDelay(50, options, () => 0)).toBe(7_500)
  })
})
