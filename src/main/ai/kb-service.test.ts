import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../store/database'
import { errorOf } from '../test-support/failure'
import type { KnowledgeService } from './kb-service'
import { faq, kbServiceHarness, type KbServiceHarness } from './kb-service-harness'

// Import and export: kb-service-files.test.ts.

let db: Db
let knowledge: KnowledgeService
let pushed: KbServiceHarness['pushed']
let addClient: KbServiceHarness['addClient']
let close: () => void

beforeEach(() => ({ db, knowledge, pushed, addClient, close } = kbServiceHarness()))
afterEach(() => close())

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
