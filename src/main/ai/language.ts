import { francAll } from 'franc'
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js'
import { FUNCTION_WORDS, words } from './text-normalise'

/** ISO 639-1 → 639-3 (franc's codes), built once from the iso-639-3 table. */
const to6393 = new Map(Object.entries(iso6393To1).map(([three, one]) => [one, three]))

const LETTER_HINTS: Readonly<Record<string, RegExp>> = { es: /[¿¡ñÑ]/, pt: /[ãõÃÕ]/ }

export const UNDETERMINED = 'und'

export interface DetectedLanguage {
  /** ISO 639-1, or `und` when the text gives no evidence. */
  language: string
  /** The winner's lead over the runner-up, 0…1 (0: a tie or no evidence). */
  margin: number
}

/**
 * The customer's language among `candidates` (ISO 639-1: the knowledge base's languages and the
 * ones the guardrails speak). franc's trigram scores carry long texts; on short messages they are
 * near noise ("do you deliver" scores Portuguese first), so each language also gets the share of
 * the message's words that are its function words. franc's weight grows with the text's length
 * and is full from 80 letters:
 *
 *   score(L) = min(1, letters / 80) · franc(L) + functionWords(L) / words
 *
 * franc(L) is franc's score relative to its best candidate (1 for the best). Letters only one
 * language writes add 0.5: ¿ ¡ ñ for Spanish, ã õ for Portuguese.
 */
export function detectLanguage(text: string, candidates: readonly string[]): DetectedLanguage {
  const known = [...new Set(candidates)].filter((code) => to6393.has(code))
  const tokens = words(text)
  const letters = tokens.join('').replace(/\p{N}/gu, '').length
  if (known.length === 0 || letters === 0) return { language: UNDETERMINED, margin: 0 }

  const francWeight = Math.min(1, letters / 80)
  const franc = new Map<string, number>()
  for (const [code, score] of francAll(text, {
    only: known.map((code) => to6393.get(code)!),
    minLength: 1,
  })) {
    if (code !== UNDETERMINED) franc.set(iso6393To1[code] ?? code, score)
  }
  const scored = known
    .map((language) => {
      const stop = FUNCTION_WORDS[language]
      const hits = stop ? tokens.filter((word) => stop.has(word)).length : 0
      const hint = LETTER_HINTS[language]?.test(text) ? 0.5 : 0
      return {
        language,
        score: francWeight * (franc.get(language) ?? 0) + hits / tokens.length + hint,
      }
    })
    .sort((a, b) => b.score - a.score || known.indexOf(a.language) - known.indexOf(b.language))
  const [best, second] = scored
  if (!best || best.score === 0) return { language: UNDETERMINED, margin: 0 }
  const margin = (best.score - (second?.score ?? 0)) / best.score
  return { language: margin === 0 ? UNDETERMINED : best.language, margin }
}

/**
 * The language of a message, looking back at the customer's earlier messages when it alone is
 * undetermined ("ok", "👍"), most recent first.
 */
export function detectCustomerLanguage(
  text: string,
  earlierInbound: readonly string[],
  candidates: readonly string[],
): DetectedLanguage {
  const own = detectLanguage(text, candidates)
  if (own.language !== UNDETERMINED) return own
  for (const earlier of [...earlierInbound].reverse()) {
    const detected = detectLanguage(earlier, candidates)
    if (detected.language !== UNDETERMINED) return detected
  }
  return own
}
