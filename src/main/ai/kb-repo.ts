import type { KbEntryKind, KbSource } from '@shared/contract/ai'
import type { Db } from '../store/database'

/** A knowledge-base entry as stored (FAQ answer or reply snippet). */
export interface KbEntryRecord {
  id: number
  clientId: string
  kind: KbEntryKind
  question: string
  variants: string[]
  answer: string
  language: string
  tags: string[]
  source: KbSource
  createdAt: string
  updatedAt: string
}

export interface KbFactRecord {
  key: string
  language: string
  value: string
  source: KbSource
  updatedAt: string
}

/** What an entry is made of; the rest is the repository's. */
export type KbEntryFields = Pick<
  KbEntryRecord,
  'kind' | 'question' | 'variants' | 'answer' | 'language' | 'tags'
>

interface EntryRow {
  id: number
  client_id: string
  kind: string
  question: string
  variants: string
  answer: string
  language: string
  tags: string
  source: string
  created_at: string
  updated_at: string
}

const strings = (text: string): string[] => {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
}

const toEntry = (row: EntryRow): KbEntryRecord => ({
  id: row.id,
  clientId: row.client_id,
  kind: row.kind as KbEntryKind,
  question: row.question,
  variants: strings(row.variants),
  answer: row.answer,
  language: row.language,
  tags: strings(row.tags),
  source: row.source as KbSource,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** Each client's knowledge base: entries, facts and its revision (the only SQL of the AI domain's knowledge base). */
export function createKbRepo(db: Db) {
  const entries = db.prepare<[string], EntryRow>(
    'SELECT * FROM kb_entries WHERE client_id = ? ORDER BY kind, id',
  )
  const entry = db.prepare<[string, number], EntryRow>(
    'SELECT * FROM kb_entries WHERE client_id = ? AND id = ?',
  )
  const sameQuestion = db.prepare<[string, string, string, string], { id: number }>(
    `SELECT id FROM kb_entries
     WHERE client_id = ? AND kind = ? AND language = ? AND lower(question) = lower(?)
     ORDER BY id LIMIT 1`,
  )
  const insertEntry = db.prepare(
    `INSERT INTO kb_entries (client_id, kind, question, variants, answer, language, tags, source, created_at, updated_at)
     VALUES (@clientId, @kind, @question, @variants, @answer, @language, @tags, @source, @at, @at)`,
  )
  const updateEntry = db.prepare(
    `UPDATE kb_entries SET kind = @kind, question = @question, variants = @variants, answer = @answer,
       language = @language, tags = @tags, source = @source, updated_at = @at
     WHERE client_id = @clientId AND id = @id`,
  )
  const deleteEntry = db.prepare<[string, number]>(
    'DELETE FROM kb_entries WHERE client_id = ? AND id = ?',
  )
  const facts = db.prepare<[string], KbFactRecord>(
    `SELECT key, language, value, source, updated_at AS updatedAt FROM kb_facts
     WHERE client_id = ? ORDER BY key, language`,
  )
  const factExists = db.prepare<[string, string, string], { n: number }>(
    'SELECT 1 AS n FROM kb_facts WHERE client_id = ? AND key = ? AND language = ?',
  )
  const upsertFact = db.prepare(
    `INSERT INTO kb_facts (client_id, key, language, value, source, updated_at)
     VALUES (@clientId, @key, @language, @value, @source, @at)
     ON CONFLICT (client_id, key, language) DO UPDATE
       SET value = excluded.value, source = excluded.source, updated_at = excluded.updated_at`,
  )
  const deleteFact = db.prepare<[string, string, string]>(
    'DELETE FROM kb_facts WHERE client_id = ? AND key = ? AND language = ?',
  )
  const clearEntries = db.prepare<[string]>('DELETE FROM kb_entries WHERE client_id = ?')
  const clearFacts = db.prepare<[string]>('DELETE FROM kb_facts WHERE client_id = ?')
  const state = db.prepare<[string], { revision: number; seeded_at: string | null }>(
    'SELECT revision, seeded_at FROM kb_state WHERE client_id = ?',
  )
  const bump = db.prepare<[string], { revision: number }>(
    `INSERT INTO kb_state (client_id, revision) VALUES (?, 1)
     ON CONFLICT (client_id) DO UPDATE SET revision = revision + 1
     RETURNING revision`,
  )
  const markSeeded = db.prepare<[string, string]>(
    `INSERT INTO kb_state (client_id, revision, seeded_at) VALUES (?, 0, ?)
     ON CONFLICT (client_id) DO UPDATE SET seeded_at = excluded.seeded_at`,
  )
  const json = (fields: KbEntryFields) => ({
    kind: fields.kind,
    question: fields.question,
    variants: JSON.stringify(fields.variants),
    answer: fields.answer,
    language: fields.language,
    tags: JSON.stringify(fields.tags),
  })

  return {
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)()
    },
    entries(clientId: string): KbEntryRecord[] {
      return entries.all(clientId).map(toEntry)
    },
    entry(clientId: string, id: number): KbEntryRecord | null {
      const row = entry.get(clientId, id)
      return row ? toEntry(row) : null
    },
    /** The entry an import replaces: same kind and language, same question in any case. */
    findSameQuestion(clientId: string, fields: KbEntryFields): number | null {
      return sameQuestion.get(clientId, fields.kind, fields.language, fields.question)?.id ?? null
    },
    insertEntry(clientId: string, fields: KbEntryFields, source: KbSource, at: string): number {
      return Number(insertEntry.run({ clientId, ...json(fields), source, at }).lastInsertRowid)
    },
    updateEntry(
      clientId: string,
      id: number,
      fields: KbEntryFields,
      source: KbSource,
      at: string,
    ): boolean {
      return updateEntry.run({ clientId, id, ...json(fields), source, at }).changes > 0
    },
    deleteEntry(clientId: string, id: number): boolean {
      return deleteEntry.run(clientId, id).changes > 0
    },
    facts(clientId: string): KbFactRecord[] {
      return facts.all(clientId)
    },
    /** Adds or replaces a fact; says which. */
    upsertFact(
      clientId: string,
      fact: { key: string; language: string; value: string },
      source: KbSource,
      at: string,
    ): 'added' | 'updated' {
      const existed = factExists.get(clientId, fact.key, fact.language) !== undefined
      upsertFact.run({ clientId, ...fact, source, at })
      return existed ? 'updated' : 'added'
    },
    hasFact(clientId: string, key: string, language: string): boolean {
      return factExists.get(clientId, key, language) !== undefined
    },
    deleteFact(clientId: string, key: string, language: string): boolean {
      return deleteFact.run(clientId, key, language).changes > 0
    },
    /** Empties the client's knowledge base; returns how many rows went. */
    clear(clientId: string): number {
      return clearEntries.run(clientId).changes + clearFacts.run(clientId).changes
    },
    revision(clientId: string): number {
      return state.get(clientId)?.revision ?? 0
    },
    /** Counts one change (call inside the change's transaction). */
    bump(clientId: string): number {
      return bump.get(clientId)?.revision ?? 0
    },
    seededAt(clientId: string): string | null {
      return state.get(clientId)?.seeded_at ?? null
    },
    markSeeded(clientId: string, at: string): void {
      markSeeded.run(clientId, at)
    },
  }
}

export type KbRepo = ReturnType<typeof createKbRepo>
