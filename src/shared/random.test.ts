import { describe, expect, it } from 'vitest'
import { seedFromString, seededRandom } from './random'

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next())

/** mulberry32 as the benchmarks and test datasets first wrote it (signed 32-bit state). */
function signedMulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('seededRandom', () => {
  it('keeps its sequence for a seed (generated databases and seeded tests depend on it)', () => {
    expect(take(seededRandom(1), 3)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ])
    expect(take(seededRandom(42), 2)).toEqual([0.6011037519201636, 0.44829055899754167])
  })

  it('gives the same numbers as the signed-state form for every integer seed', () => {
    for (const seed of [0, 1, 9, 2024, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, -1, -7, 2 ** 40 + 3]) {
      expect(take(seededRandom(seed), 1_000)).toEqual(take(signedMulberry32(seed), 1_000))
    }
  })

  it('stays in [0, 1), spreads evenly and differs between seeds', () => {
    const values = take(seededRandom(7), 20_000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length
    expect(mean).toBeGreaterThan(0.49)
    expect(mean).toBeLessThan(0.51)
    expect(take(seededRandom(8), 5)).not.toEqual(values.slice(0, 5))
  })
})

describe('seedFromString', () => {
  it('is 32-bit FNV-1a (its published test vectors)', () => {
    expect(seedFromString('')).toBe(0x811c9dc5)
    expect(seedFromString('a')).toBe(0xe40c292c)
    expect(seedFromString('foobar')).toBe(0xbf9cf968)
  })
})
