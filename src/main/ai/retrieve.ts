import { confidenceOf, type ConfidenceParts } from './confidence'
import { HANDOVER_LANGUAGES } from './guardrails'
import type { KnowledgeIndexCache, EntryMatch } from './kb-index'
import { searchLanguage } from './kb-index'
import { detectCustomerLanguage, type DetectedLanguage } from './language'
import type { KnowledgeSnapshot } from './provider'

/** Below this lead the detected language is a guess: every knowledge-base language is searched. */
export const CLEAR_LANGUAGE_MARGIN = 0.25

export interface Retrieval {
  /** The customer's language. */
  detected: DetectedLanguage
  /** The knowledge-base language the matches are in (null: the knowledge base has no entries). */
  language: string | null
  /** Best first, one per entry. */
  matches: EntryMatch[]
  /** The confidence of the best match over the runner-up (confidence.ts). */
  confidence: ConfidenceParts
}

/** The knowledge base's languages, most entries first (ties: alphabetical). */
export function kbLanguages(kb: Pick<KnowledgeSnapshot, 'entries'>): string[] {
  const counts = new Map<string, number>()
  for (const entry of kb.entries) counts.set(entry.language, (counts.get(entry.language) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([language]) => language)
}

const confidenceOfMatches = (matches: readonly EntryMatch[]) =>
  confidenceOf({
    best: matches[0]?.score ?? 0,
    runnerUp: matches[1]?.score ?? 0,
    selfScore: matches[0]?.selfScore ?? 0,
  })

/**
 * What the knowledge base offers for a message: the customer's language is detected (falling
 * back on their earlier messages), and the entries in that language are searched; when the
 * knowledge base lacks that language, or the detection is unsure, every language is searched
 * and the one whose best match is most confident wins.
 */
export function retrieve(
  cache: KnowledgeIndexCache,
  kb: KnowledgeSnapshot,
  text: string,
  earlierInbound: readonly string[] = [],
  limit = 5,
): Retrieval {
  const languages = kbLanguages(kb)
  const candidates = [...new Set([...languages, ...HANDOVER_LANGUAGES])]
  const detected = detectCustomerLanguage(text, earlierInbound, candidates)
  const index = cache.get(kb.clientId, kb.revision, () => kb.entries)
  const searched =
    languages.includes(detected.language) && detected.margin >= CLEAR_LANGUAGE_MARGIN
      ? [detected.language]
      : languages
  let best: Retrieval = {
    detected,
    language: languages.includes(detected.language) ? detected.language : (languages[0] ?? null),
    matches: [],
    confidence: confidenceOfMatches([]),
  }
  for (const language of searched) {
    const matches = searchLanguage(index, language, text, limit)
    const confidence = confidenceOfMatches(matches)
    const better =
      best.matches.length === 0
        ? matches.length > 0
        : confidence.confidence > best.confidence.confidence ||
          (confidence.confidence === best.confidence.confidence && language === detected.language)
    if (better) best = { detected, language, matches, confidence }
  }
  return best
}
