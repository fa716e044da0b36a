/**
 * The one seeded pseudo-random generator, pure (no Node, no timers), for everything that must be
 * reproducible from a seed: the sandbox's simulated customers and fault injection, the generated
 * test and benchmark datasets, seeded shuffles in tests. Not for secrets, ids or tokens.
 *
 *   seededRandom(seed) → () => number in [0, 1)   mulberry32: tiny, fast, good enough for tests
 *   seedFromString(text) → number                 a stable 32-bit seed for a name (FNV-1a)
 *
 * The sequence for a given integer seed is fixed: generated databases, benchmarks and tests that
 * name a seed depend on it, so do not change the arithmetic.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seedFromString(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}
