import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KB_CSV_HEADER } from '@shared/contract/ai'
import { errorOf } from '../test-support/failure'
import type { KnowledgeService } from './kb-service'
import { faq, kbServiceHarness, type KbServiceHarness } from './kb-service-harness'

// Entries, facts and seeding: kb-service.test.ts.

let knowledge: KnowledgeService
let addClient: KbServiceHarness['addClient']
let close: () => void

beforeEach(() => ({ knowledge, addClient, close } = kbServiceHarness()))
afterEach(() => close())

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
