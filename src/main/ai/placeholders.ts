import { FACT_ANY_LANGUAGE } from '@shared/contract/ai'

/** A fact as answers use it. */
export interface FactValue {
  key: string
  language: string
  value: string
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_.-]{0,63})\s*\}\}/gi

/** The fact keys an answer names as `{{key}}`, in order of first use, lower-cased. */
export function placeholdersOf(answer: string): string[] {
  const keys = [...answer.matchAll(PLACEHOLDER)].map((match) => match[1]!.toLowerCase())
  return [...new Set(keys)]
}

/** The fact for `key` in `language`, else the one for every language; empty values do not count. */
export function factFor(
  facts: readonly FactValue[],
  key: string,
  language: string,
): FactValue | null {
  const usable = (fact: FactValue) => fact.key === key && fact.value.trim() !== ''
  return (
    facts.find((fact) => usable(fact) && fact.language === language) ??
    facts.find((fact) => usable(fact) && fact.language === FACT_ANY_LANGUAGE) ??
    null
  )
}

/** The placeholders of `answer` that no usable fact fills in `language`. */
export function missingFacts(
  answer: string,
  facts: readonly FactValue[],
  language: string,
): string[] {
  return placeholdersOf(answer).filter((key) => factFor(facts, key, language) === null)
}

export interface FilledAnswer {
  text: string
  /** The facts the text cites, in order of first use. */
  used: FactValue[]
  /** Placeholders left unfilled (the text still shows them). */
  missing: string[]
}

/** Replaces each `{{key}}` with its fact's value. */
export function fillAnswer(
  answer: string,
  facts: readonly FactValue[],
  language: string,
): FilledAnswer {
  const used = new Map<string, FactValue>()
  const missing = new Set<string>()
  const text = answer.replace(PLACEHOLDER, (whole, raw: string) => {
    const key = raw.toLowerCase()
    const fact = factFor(facts, key, language)
    if (!fact) {
      missing.add(key)
      return whole
    }
    used.set(key, fact)
    return fact.value.trim()
  })
  return { text, used: [...used.values()], missing: [...missing] }
}
