import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KB_CSV_HEADER } from '@shared/contract/ai'
import { AppError } from '@shared/contract/errors'
import type { EventName } from '@shared/contract/names'
import { tempDir } from '../test-support/temp-dir'
import { createAuditRepo } from '../store/audit-repo'
import { createClientsRepo } from '../store/clients-repo'
import { openDatabase, type Db } from '../store/database'
import { createKbRepo } from './kb-repo'
import { createKnowledgeService, type KnowledgeService } from './kb-service'

let dir: ReturnType<typeof tempDir>
let db: Db
let knowledge: KnowledgeService
let pushed: { event: EventName; payload: unknown }[]

function addClient(id: string, name: string | null, phone: string | null = '+351 912 345 678') {
  db.prepare(
    `INSERT INTO clients (id, waba_id, phone_number_id, name, display_phone_number, signup_finish, state,
       signed_up_at, created_at, updated_at, last_activity_at, onboarded_at)
     VALUES (?, ?, ?, ?, ?, 'FINISH', 'onboarded', 't', 't', 't', 't', 't')`,
  ).run(id, `waba-${id}`, `pn-${id}`, name, phone)
}

beforeEach(() => {
  dir = tempDir()
  db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
  pushed = []
  const clients = createClientsRepo(db)
  knowledge = createKnowledgeService({
    repo: createKbRepo(db),
    client: (id) => clients.get(id),
    audit: createAuditRepo(db),
    events: { emit: (event, payload) => void pushed.push({ event, payload }) },
  })
  addClient('c1', 'Padaria Flor')
})

afterEach(() => {
  db.close()
  dir.cleanup()
})

const faq = {
  kind: 'faq' as const,
  question: 'What are your opening hours?',
  variants: ['When are you open?'],
  answer: 'We are open {{hours}}.',
  language: 'en',
  tags: ['hours'],
}

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (error) {
    if (AppError.is(error)) return error
    throw error
  }
  throw new Error('expected an AppError')
}

describe('knowledge base: entries and facts', () => {
  it('adds, edits and deletes entries; each change counts a revision, is audited and pushed', () => {
    const added = knowledge.saveEntry({ clientId: 'c1', entry: faq }, 'user:web')
    expect(added).toMatchObject({
      kind: 'faq',
      question: 'What are your opening hours?',
      source: 'staff',
      placeholders: ['hours'],
      missingFacts: ['hours'],
    })
    const edited = knowledge.saveEntry(
      { clientId: 'c1', id: added.id, entry: { ...faq, answer: 'Open every day.' } },
      'user:web',
    )
    expect(edited).toMatchObject({ id: added.id, answer: 'Open every day.', missingFacts: [] })
    expect(knowledge.get('c1')).toMatchObject({ revision: 2, languages: ['en'] })
    expect(knowledge.deleteEntry('c1', added.id, 'user:web')).toEqual({ deleted: true })
    expect(knowledge.deleteEntry('c1', added.id, 'user:web')).toEqual({ deleted: false })
    expect(knowledge.get('c1').entries).toEqual([])
    expect(pushed.map((p) => p.payload)).toEqual(
      [1, 2, 3, 4].map((revision) => ({ clientId: 'c1', revision })),
    )
    const actions = db
      .prepare("SELECT action, actor FROM audit_log WHERE subject = 'client:c1' ORDER BY id")
      .all()
    expect(actions).toEqual([
      { action: 'knowledge.entry.add', actor: 'user:web' },
      { action: 'knowledge.entry.update', actor: 'user:web' },
      { action: 'knowledge.entry.delete', actor: 'user:web' },
      { action: 'knowledge.entry.delete', actor: 'user:web' },
    ])
  })

  it('saves facts per language, renames one, and refuses to rename onto another', () => {
    knowledge.saveEntry({ clientId: 'c1', entry: faq }, 'user:web')
    knowledge.saveFact(
      { clientId: 'c1', fact: { key: 'hours', value: '9–17', language: 'en' } },
      'user:web',
    )
    expect(knowledge.get('c1').entries[0]?.missingFacts).toEqual([])
    knowledge.saveFact(
      { clientId: 'c1', fact: { key: 'phone', value: '+1 555', language: 'any' } },
      'u',
    )
    const renamed = knowledge.saveFact(
      {
        clientId: 'c1',
        fact: { key: 'opening_hours', value: '9–18', language: 'en' },
        previous: { key: 'hours', language: 'en' },
      },
      'user:web',
    )
    expect(renamed).toMatchObject({ key: 'opening_hours', value: '9–18', source: 'staff' })
    expect(knowledge.get('c1').facts.map((f) => f.key)).toEqual(['opening_hours', 'phone'])
    expect(knowledge.get('c1').entries[0]?.missingFacts).toEqual(['hours'])
    const clash = errorOf(() =>
      knowledge.saveFact(
        {
          clientId: 'c1',
          fact: { key: 'phone', value: 'x', language: 'any' },
          previous: { key: 'opening_hours', language: 'en' },
        },
        'u',
      ),
    )
    expect(clash.code).toBe('CONFLICT')
    expect(knowledge.get('c1').facts).toHaveLength(2)
    expect(knowledge.deleteFact('c1', 'phone', 'any', 'u')).toEqual({ deleted: true })
  })

  it('answers NOT_FOUND for an unknown client or entry', () => {
    expect(errorOf(() => knowledge.get('nobody')).code).toBe('NOT_FOUND')
    expect(
      errorOf(() => knowledge.saveEntry({ clientId: 'c1', id: 999, entry: faq }, 'u')).code,
    ).toBe('NOT_FOUND')
  })

  it('keeps each client’s knowledge base apart', () => {
    addClient('c2', 'Other')
    knowledge.saveEntry({ clientId: 'c1', entry: faq }, 'u')
    expect(knowledge.get('c2').entries).toEqual([])
    const entry = knowledge.get('c1').entries[0]!
    expect(knowledge.deleteEntry('c2', entry.id, 'u')).toEqual({ deleted: false })
  })

  it('tries a message with the local drafter on the current revision', () => {
    knowledge.saveEntry({ clientId: 'c1', entry: faq }, 'u')
    expect(knowledge.tryDraft('c1', 'when are you open?')).toMatchObject({
      needsAnswer: true,
      sources: [{ ref: expect.stringMatching(/^faq:/) }, { ref: 'fact:hours' }],
    })
    knowledge.saveFact(
      { clientId: 'c1', fact: { key: 'hours', value: '9–17', language: 'any' } },
      'u',
    )
    const tried = knowledge.tryDraft('c1', 'when are you open?')
    expect(tried).toMatchObject({ reply: 'We are open 9–17.', detectedLanguage: 'en' })
    expect(tried.matches[0]).toMatchObject({
      title: 'What are your opening hours?',
      language: 'en',
    })
  })
})

describe('knowledge base: seeded from onboarding', () => {
  it('seeds once with the business name and phone, leaving hours and address to staff', () => {
    const first = knowledge.seed('c1')
    expect(first).toMatchObject({ seeded: true, filled: [] })
    const kb = knowledge.get('c1')
    expect(kb.facts.map((f) => [f.key, f.value, f.source])).toEqual([
      ['address', '', 'seed'],
      ['business_name', 'Padaria Flor', 'seed'],
      ['hours', '', 'seed'],
      ['phone', '+351 912 345 678', 'seed'],
      ['website', '', 'seed'],
    ])
    expect(kb.entries.length).toBeGreaterThanOrEqual(5)
    expect(
      kb.entries.find((e) => e.question === 'What are your opening hours?')?.missingFacts,
    ).toEqual(['hours'])
    // The contact entry is complete: the drafter can use it at once.
    expect(knowledge.tryDraft('c1', 'how can I contact you?').reply).toBe(
      'You can call Padaria Flor on +351 912 345 678, or write to us right here.',
    )
    const deleted = kb.entries[0]!
    knowledge.deleteEntry('c1', deleted.id, 'u')
    expect(knowledge.seed('c1')).toMatchObject({ seeded: false, filled: [] })
    expect(knowledge.get('c1').entries.find((e) => e.id === deleted.id)).toBeUndefined()
  })

  it('fills a seeded fact that onboarding learns later (the verified name), never a staff one', () => {
    addClient('c3', null, null)
    knowledge.seed('c3')
    expect(knowledge.get('c3').facts.find((f) => f.key === 'business_name')?.value).toBe('')
    db.prepare(
      "UPDATE clients SET name = 'Jaspers Market', display_phone_number = '+1 555 0100' WHERE id = 'c3'",
    ).run()
    knowledge.saveFact(
      { clientId: 'c3', fact: { key: 'phone', value: 'ask us', language: 'any' } },
      'u',
    )
    expect(knowledge.seed('c3')).toMatchObject({ seeded: false, filled: ['business_name'] })
    const facts = knowledge.get('c3').facts
    expect(facts.find((f) => f.key === 'business_name')?.value).toBe('Jaspers Market')
    expect(facts.find((f) => f.key === 'phone')?.value).toBe('ask us')
  })

  it('is a no-op for an unknown client', () => {
    expect(knowledge.seed('nobody')).toEqual({ seeded: false, filled: [], revision: 0 })
  })
})

describe('knowledge base: import and export', () => {
  const json = (body: unknown) => JSON.stringify(body)
  const file = {
    format: 'wapc-knowledge-base',
    version: 1,
    entries: [
      faq,
      {
        ...faq,
        question: '¿A qué hora abren?',
        answer: 'Abrimos {{hours}}.',
        language: 'es',
        variants: [],
      },
    ],
    facts: [{ key: 'hours', value: '9–17', language: 'any' }],
  }

  it('imports JSON (merge by question, facts by key and language) and reports what changed', () => {
    knowledge.saveEntry(
      { clientId: 'c1', entry: { ...faq, question: 'WHAT ARE YOUR OPENING HOURS?' } },
      'u',
    )
    const result = knowledge.import(
      { clientId: 'c1', format: 'json', content: json(file), mode: 'merge' },
      'u',
    )
    expect(result).toEqual({
      mode: 'merge',
      entries: { added: 1, updated: 1 },
      facts: { added: 1, updated: 0 },
      removed: 0,
    })
    expect(knowledge.get('c1').entries.map((e) => [e.question, e.source])).toEqual([
      ['What are your opening hours?', 'import'],
      ['¿A qué hora abren?', 'import'],
    ])
  })

  it('replaces the whole knowledge base in replace mode', () => {
    knowledge.seed('c1')
    const result = knowledge.import(
      { clientId: 'c1', format: 'json', content: json(file), mode: 'replace' },
      'u',
    )
    expect(result.removed).toBeGreaterThan(5)
    expect(knowledge.get('c1').entries).toHaveLength(2)
    expect(knowledge.get('c1').facts).toHaveLength(1)
  })

  it('refuses a JSON file naming each bad row, and imports nothing', () => {
    const bad = {
      ...file,
      entries: [faq, { ...faq, answer: '   ' }, { ...faq, language: 'english' }],
      facts: [{ key: '9lives', value: 'x' }],
    }
    const error = errorOf(() =>
      knowledge.import(
        { clientId: 'c1', format: 'json', content: json(bad), mode: 'replace' },
        'u',
      ),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toMatch(/3 problems/)
    expect(error.message).toMatch(/entry 2: answer is empty/)
    expect(error.message).toMatch(/entry 3: language a two-letter ISO 639-1 code/)
    expect(error.message).toMatch(/fact 1: key starts with a letter/)
    expect(error.message).toMatch(/Nothing was imported/)
    expect(knowledge.get('c1')).toMatchObject({ revision: 0, entries: [] })
    expect(
      errorOf(() =>
        knowledge.import({ clientId: 'c1', format: 'json', content: '{oops', mode: 'merge' }, 'u'),
      ).message,
    ).toMatch(/^The file is not JSON/)
  })

  it('imports CSV with the documented header, quoted cells, | lists and facts', () => {
    const csv = [
      KB_CSV_HEADER.join(','),
      'faq,en,What are your opening hours?,When are you open?|Open on Sunday?,"We are open {{hours}}, every day.",hours|visit,,',
      'snippet,en,Greeting,hi|hello,"Hello!\nHow can we help?",greeting,,',
      'fact,,,,,,hours,9–17',
      'fact,es,,,,,hours,de 9 a 17',
      "faq,en,Pipes?,a\\|b,'-10% on Mondays,,,",
    ].join('\r\n')
    expect(
      knowledge.import({ clientId: 'c1', format: 'csv', content: csv, mode: 'merge' }, 'u'),
    ).toMatchObject({
      entries: { added: 3, updated: 0 },
      facts: { added: 2, updated: 0 },
    })
    const kb = knowledge.get('c1')
    expect(kb.entries[0]).toMatchObject({
      variants: ['When are you open?', 'Open on Sunday?'],
      answer: 'We are open {{hours}}, every day.',
      tags: ['hours', 'visit'],
    })
    expect(kb.entries.find((e) => e.kind === 'snippet')?.answer).toBe('Hello!\nHow can we help?')
    expect(kb.entries.find((e) => e.question === 'Pipes?')).toMatchObject({
      variants: ['a|b'],
      answer: '-10% on Mondays',
    })
    expect(kb.facts.map((f) => [f.key, f.language, f.value])).toEqual([
      ['hours', 'any', '9–17'],
      ['hours', 'es', 'de 9 a 17'],
    ])
  })

  it('refuses CSV rows by number, and a file without the header', () => {
    const csv = [
      KB_CSV_HEADER.join(','),
      'faq,en,Fine?,,Yes.,,,',
      'faq,en,,,No question,,,',
      'recipe,en,x,,y,,,',
      'fact,any,,,,,,',
      'faq,en,too few columns',
    ].join('\n')
    const error = errorOf(() =>
      knowledge.import({ clientId: 'c1', format: 'csv', content: csv, mode: 'merge' }, 'u'),
    )
    expect(error.details?.issues).toEqual([
      { row: 'row 3', message: 'question is empty' },
      { row: 'row 4', message: 'type "recipe" is not faq, snippet or fact' },
      { row: 'row 5', message: expect.stringMatching(/^key /) },
      { row: 'row 6', message: 'has 3 columns, the header 8' },
    ])
    expect(knowledge.get('c1').entries).toEqual([])
    const headerless = errorOf(() =>
      knowledge.import(
        { clientId: 'c1', format: 'csv', content: 'faq,en,a,b', mode: 'merge' },
        'u',
      ),
    )
    expect(headerless.message).toMatch(/header lacks type, language, question/)
  })

  it.each(['json', 'csv'] as const)(
    'exports %s that imports back to the same knowledge base',
    (format) => {
      knowledge.seed('c1')
      knowledge.saveEntry(
        {
          clientId: 'c1',
          entry: {
            ...faq,
            question: 'Quoted "question", with comma?',
            variants: ['a|b', '=1+1'],
            tags: ['x'],
          },
        },
        'u',
      )
      knowledge.saveFact(
        { clientId: 'c1', fact: { key: 'hours', value: '-9 to 17-', language: 'en' } },
        'u',
      )
      const exported = knowledge.export('c1', format)
      expect(exported).toMatchObject({
        fileName: `knowledge-base-padaria-flor.${format}`,
        mimeType: format === 'json' ? 'application/json' : 'text/csv',
      })
      if (format === 'csv') expect(exported.content.split('\r\n')[0]).toBe(KB_CSV_HEADER.join(','))
      addClient('copy', 'Copy')
      knowledge.import(
        { clientId: 'copy', format, content: exported.content, mode: 'replace' },
        'u',
      )
      const strip = (clientId: string) => {
        const kb = knowledge.get(clientId)
        return {
          entries: kb.entries.map(({ kind, question, variants, answer, language, tags }) => ({
            kind,
            question,
            variants,
            answer,
            language,
            tags,
          })),
          facts: kb.facts.map(({ key, value, language }) => ({ key, value, language })),
        }
      }
      expect(strip('copy')).toEqual(strip('c1'))
    },
  )

  it('exports the CSV header alone for an empty knowledge base', () => {
    expect(knowledge.export('c1', 'csv').content).toBe(`${KB_CSV_HEADER.join(',')}\r\n`)
  })
})
