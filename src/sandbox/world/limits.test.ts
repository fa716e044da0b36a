import { describe, expect, it } from 'vitest'
import { createLimits, PAIR_BURST, phoneMps, REGISTRATION_LIMIT, takeRegistration } from './limits'
import type { Phone } from './types'

describe('pair rate (1 per 6 s, bursts of 45)', () => {
  it('admits 45 at once, then one more per 6 s', () => {
    const limits = createLimits()
    for (let i = 0; i < PAIR_BURST; i++) expect(limits.takePair('p', 'u', 0)).toBe(true)
    expect(limits.takePair('p', 'u', 0)).toBe(false)
    expect(limits.takePair('p', 'u', 5_999)).toBe(false)
    expect(limits.takePair('p', 'u', 6_000)).toBe(true)
    expect(limits.takePair('p', 'u', 6_000)).toBe(false)
    expect(limits.takePair('p', 'other', 6_000)).toBe(true)
  })
})

describe('throughput per number', () => {
  it('admits mps messages per clock second and resets on the next second', () => {
    const limits = createLimits()
    for (let i = 0; i < 80; i++) expect(limits.takeThroughput('p', 80, 1_000)).toBe(true)
    expect(limits.takeThroughput('p', 80, 1_999)).toBe(false)
    expect(limits.takeThroughput('q', 80, 1_999)).toBe(true)
    expect(limits.takeThroughput('p', 80, 2_000)).toBe(true)
  })

  it('uses the config default for STANDARD numbers, 1000 for HIGH and 20 for coexistence', () => {
    const phone = { throughput_level: 'STANDARD' } as Phone
    expect(phoneMps(phone, 80)).toBe(80)
    expect(phoneMps({ ...phone, throughput_level: 'HIGH' }, 80)).toBe(1000)
    expect(phoneMps({ ...phone, throughput_level: 'HIGH' }, 5000)).toBe(5000)
    expect(phoneMps({ ...phone, throughput_level: 'COEXISTENCE' }, 5000)).toBe(20)
  })
})

describe('register/deregister limit (10 per moving 72 h)', () => {
  it('refuses the 11th request and blocks the number for 72 h', () => {
    const phone = { registration_requests: [], registration_blocked_until: 0 } as unknown as Phone
    const hour = 3600_000
    for (let i = 0; i < REGISTRATION_LIMIT; i++)
      expect(takeRegistration(phone, i * hour)).toBe(true)
    expect(takeRegistration(phone, 10 * hour)).toBe(false)
    // The oldest request leaves the moving window at 72 h, but the block lasts 72 h from the refusal.
    expect(takeRegistration(phone, 73 * hour)).toBe(false)
    expect(takeRegistration(phone, 82 * hour + 1)).toBe(true)
  })
})
