import type { KbEntry, KbFact, KnowledgeBase } from '@shared/contract/ai'
import type { KbEntryRecord, KbFactRecord } from './kb-repo'
import { missingFacts, placeholdersOf } from './placeholders'
import { kbLanguages } from './retrieve'

/** An entry as the contract shows it: with the facts its answer names and those still missing. */
export function entryView(entry: KbEntryRecord, facts: readonly KbFactRecord[]): KbEntry {
  return {
    id: entry.id,
    kind: entry.kind,
    question: entry.question,
    variants: entry.variants,
    answer: entry.answer,
    language: entry.language,
    tags: entry.tags,
    source: entry.source,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    placeholders: placeholdersOf(entry.answer),
    missingFacts: missingFacts(entry.answer, facts, entry.language),
  }
}

export const factView = (fact: KbFactRecord): KbFact => ({ ...fact })

export function knowledgeBaseView(input: {
  clientId: string
  clientName: string | null
  revision: number
  entries: readonly KbEntryRecord[]
  facts: readonly KbFactRecord[]
}): KnowledgeBase {
  return {
    clientId: input.clientId,
    clientName: input.clientName,
    revision: input.revision,
    entries: input.entries.map((entry) => entryView(entry, input.facts)),
    facts: input.facts.map(factView),
    languages: kbLanguages(input),
  }
}
