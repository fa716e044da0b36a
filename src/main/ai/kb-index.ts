import MiniSearch, { type SearchOptions } from 'minisearch'
import type { KbEntryRecord } from './kb-repo'
import { normaliseTerms } from './text-normalise'

/**
 * The local drafter's search over one client's knowledge base: a MiniSearch (BM25+) index per
 * language, one document per way of asking (an entry's question and each variant), so an entry
 * with many variants is not penalised for their total length and its best phrasing wins. Fields:
 * the phrasing (boost 3), the tags (1.5) and the answer (1; `{{opening_hours}}` counts as
 * "opening hours"). Fuzzy matching absorbs typos; prefix matching, word forms the normaliser left.
 */

interface IndexedDoc {
  id: number
  phrasing: string
  tags: string
  answer: string
}

export const SEARCH_OPTIONS: SearchOptions = {
  boost: { phrasing: 3, tags: 1.5, answer: 1 },
  // One edit in 4–5 letters, two from 6 (a fifth of the length, at most 2).
  fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
  maxFuzzy: 2,
  prefix: (term) => term.length >= 4,
  combineWith: 'OR',
}

interface LanguageIndex {
  search: MiniSearch<IndexedDoc>
  /** Document id → the entry it phrases and the phrasing's terms. */
  docs: Map<number, { entry: KbEntryRecord; terms: string }>
  /** Document id → the score its own phrasing gets (computed on first need). */
  self: Map<number, number>
}

export interface KnowledgeIndex {
  revision: number
  languages: Map<string, LanguageIndex>
}

const join = (terms: readonly string[]) => terms.join(' ')

function buildLanguageIndex(language: string, entries: readonly KbEntryRecord[]): LanguageIndex {
  const search = new MiniSearch<IndexedDoc>({
    fields: ['phrasing', 'tags', 'answer'],
    // Text is normalised before it reaches MiniSearch: terms joined by single spaces.
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: SEARCH_OPTIONS,
  })
  const docs: LanguageIndex['docs'] = new Map()
  const batch: IndexedDoc[] = []
  for (const entry of entries) {
    const tags = join(normaliseTerms(entry.tags.join(' '), language))
    const answer = join(
      normaliseTerms(
        entry.answer.replace(/\{\{\s*([^}]+?)\s*\}\}/g, ' $1 ').replace(/[_.-]/g, ' '),
        language,
      ),
    )
    for (const phrasing of [entry.question, ...entry.variants]) {
      const terms = join(normaliseTerms(phrasing, language))
      const id = docs.size + 1
      docs.set(id, { entry, terms })
      batch.push({ id, phrasing: terms, tags, answer })
    }
  }
  search.addAll(batch)
  return { search, docs, self: new Map() }
}

/** Builds the index of every language the entries are in. */
export function buildKnowledgeIndex(
  revision: number,
  entries: readonly KbEntryRecord[],
): KnowledgeIndex {
  const byLanguage = new Map<string, KbEntryRecord[]>()
  for (const entry of entries) {
    const list = byLanguage.get(entry.language) ?? []
    list.push(entry)
    byLanguage.set(entry.language, list)
  }
  const languages = new Map<string, LanguageIndex>()
  for (const [language, list] of byLanguage)
    languages.set(language, buildLanguageIndex(language, list))
  return { revision, languages }
}

/** One index per client, rebuilt when the knowledge base's revision moves. */
export function createKnowledgeIndexCache() {
  const cache = new Map<string, KnowledgeIndex>()
  return {
    get(clientId: string, revision: number, entries: () => readonly KbEntryRecord[]) {
      const cached = cache.get(clientId)
      if (cached && cached.revision === revision) return cached
      const built = buildKnowledgeIndex(revision, entries())
      cache.set(clientId, built)
      return built
    },
    drop(clientId: string) {
      cache.delete(clientId)
    },
  }
}

export type KnowledgeIndexCache = ReturnType<typeof createKnowledgeIndexCache>

export interface EntryMatch {
  entry: KbEntryRecord
  /** BM25+ score of the entry's best phrasing (with field boosts). */
  score: number
  /**
   * The score the best phrasing gets when the query is that phrasing itself: what a perfect
   * match scores, the top score's yardstick (see confidence.ts).
   */
  selfScore: number
}

/**
 * The entries that match `text` read in `language`, best first, one match per entry (its best
 * phrasing). Empty when the language has no entries or nothing matches.
 */
export function searchLanguage(
  index: KnowledgeIndex,
  language: string,
  text: string,
  limit = 5,
): EntryMatch[] {
  const languageIndex = index.languages.get(language)
  if (!languageIndex) return []
  const query = join(normaliseTerms(text, language))
  if (!query) return []
  const best = new Map<number, { docId: number; score: number }>()
  for (const result of languageIndex.search.search(query)) {
    const doc = languageIndex.docs.get(Number(result.id))
    if (!doc || best.has(doc.entry.id)) continue
    best.set(doc.entry.id, { docId: Number(result.id), score: result.score })
    if (best.size >= limit) break
  }
  return [...best.values()].map(({ docId, score }) => ({
    entry: languageIndex.docs.get(docId)!.entry,
    score,
    selfScore: selfScore(languageIndex, docId),
  }))
}

function selfScore(index: LanguageIndex, docId: number): number {
  const cached = index.self.get(docId)
  if (cached !== undefined) return cached
  const terms = index.docs.get(docId)?.terms ?? ''
  const own = terms ? index.search.search(terms).find((result) => result.id === docId) : undefined
  const score = own?.score ?? 0
  index.self.set(docId, score)
  return score
}
