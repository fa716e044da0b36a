import { describe, expect, it } from 'vitest'
import { confidenceOf, MATCH_FLOOR } from './confidence'

describe('confidence = 0.7 · min(1, s₁/ŝ) + 0.3 · (s₁ − s₂)/s₁', () => {
  it('is 1 for a perfect match with no runner-up', () => {
    expect(confidenceOf({ best: 10, runnerUp: 0, selfScore: 10 })).toEqual({
      top: 1,
      margin: 1,
      confidence: 1,
    })
  })

  it('weighs the top score and the margin', () => {
    const parts = confidenceOf({ best: 8, runnerUp: 6, selfScore: 10 })
    expect(parts.top).toBeCloseTo(0.8)
    expect(parts.margin).toBeCloseTo(0.25)
    expect(parts.confidence).toBeCloseTo(0.7 * 0.8 + 0.3 * 0.25)
  })

  it('caps the top score at a perfect match (a message longer than the question)', () => {
    expect(confidenceOf({ best: 15, runnerUp: 0, selfScore: 10 }).top).toBe(1)
  })

  it('gives at most 0.7 when two entries fit equally well', () => {
    expect(confidenceOf({ best: 10, runnerUp: 10, selfScore: 10 }).confidence).toBeCloseTo(0.7)
  })

  it(`is 0 below the match floor (${MATCH_FLOOR}) whatever the margin`, () => {
    const weak = confidenceOf({ best: 2.9, runnerUp: 0, selfScore: 10 })
    expect(weak).toMatchObject({ margin: 1, confidence: 0 })
    expect(confidenceOf({ best: 3, runnerUp: 0, selfScore: 10 }).confidence).toBeCloseTo(0.51)
  })

  it('is 0 with nothing found or unusable scores', () => {
    expect(confidenceOf({ best: 0, runnerUp: 0, selfScore: 0 }).confidence).toBe(0)
    expect(confidenceOf({ best: Number.NaN, runnerUp: 0, selfScore: 1 }).confidence).toBe(0)
  })
})
