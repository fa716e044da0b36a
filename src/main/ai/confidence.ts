/**
 * The local drafter's confidence, 0…1, from the search scores of the best entry (s₁), the
 * runner-up (s₂, a different entry; 0 when there is none) and the best entry's self-score (ŝ: the
 * score its matched phrasing gets when the query is that phrasing itself, i.e. a perfect match):
 *
 *   top        = min(1, s₁ / ŝ)        how much of a perfect match the message reaches
 *   margin     = (s₁ − s₂) / s₁        how clearly the best entry beats the next one
 *   confidence = 0.7 · top + 0.3 · margin
 *
 * A message that is the FAQ's question scores top = 1; one that shares a single minor word scores
 * a small top. Two entries that fit equally well give margin 0, so at most 0.7. Below
 * MATCH_FLOOR (on top) nothing matches: the drafter leaves the reply empty ("needs an answer")
 * and reports confidence 0, whatever the margin.
 */
export const TOP_WEIGHT = 0.7
export const MARGIN_WEIGHT = 0.3
export const MATCH_FLOOR = 0.3

export interface ConfidenceParts {
  top: number
  margin: number
  confidence: number
}

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0)

export function confidenceOf(scores: {
  best: number
  runnerUp: number
  selfScore: number
}): ConfidenceParts {
  const top = scores.selfScore > 0 ? clamp01(scores.best / scores.selfScore) : 0
  const margin = scores.best > 0 ? clamp01((scores.best - scores.runnerUp) / scores.best) : 0
  if (top < MATCH_FLOOR) return { top, margin, confidence: 0 }
  return { top, margin, confidence: clamp01(TOP_WEIGHT * top + MARGIN_WEIGHT * margin) }
}
