import { describe, expect, it } from 'vitest'
import { draftSchema } from '@shared/contract/ai'
import { bakeryEntries, bakeryKnowledge, BAKERY_FACTS } from './kb-fixtures'
import { createKnowledgeIndexCache } from './kb-index'
import { draftLocally } from './local-drafter'
import type { ConversationTurn, KnowledgeSnapshot } from './provider'

const cache = createKnowledgeIndexCache()
const kb = bakeryKnowledge()

function draft(text: string, conversation: ConversationTurn[] = [], knowledge = kb) {
  const result = draftLocally(cache, {
    client: { id: knowledge.clientId, name: 'Padaria Flor' },
    conversation,
    inbound: { text },
    kb: knowledge,
  })
  // Every draft is what the contract says a draft is.
  draftSchema.parse(result.draft)
  return result
}

const questionOf = (ref: string | undefined) =>
  bakeryEntries().find((entry) => `faq:${entry.id}` === ref)?.question

describe('the local drafter answers from the knowledge base', () => {
  it('answers the FAQ question itself with full confidence, citing the entry and the fact it fills', () => {
    const { draft: d } = draft('What are your opening hours?')
    expect(d.reply).toBe('We are open Monday to Saturday, 8:00–18:00.')
    expect(d.sources).toEqual([
      { ref: 'faq:1', kind: 'faq', title: 'What are your opening hours?' },
      { ref: 'fact:hours', kind: 'fact', title: 'hours' },
    ])
    expect(d.confidence).toBe(1)
    expect(d).toMatchObject({ language: 'en', needsAnswer: false, handoff: false })
    expect(d).toMatchObject({ provider: 'local', model: 'local-retrieval-1' })
    expect(d.promptHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each([
    ['are you guys open on sunday?', 'What are your opening hours?'],
    ['where r u located', 'Where is the shop?'],
    ['do you do home delivery?', 'Do you deliver?'],
    ['how much for a birthday cake', 'How much does a birthday cake cost?'],
    ['Do you take credit card?', 'Can I pay by card?'],
    ['gluten free?', 'Do you have gluten-free bread?'],
  ])('answers a paraphrase: %s', (text, question) => {
    const { draft: d } = draft(text)
    expect(questionOf(d.sources[0]?.ref)).toBe(question)
    expect(d.needsAnswer).toBe(false)
    expect(d.reply).not.toBe('')
    expect(d.confidence).toBeGreaterThan(0.5)
  })

  it.each([
    ['what time r u open tomorow', 'What are your opening hours?'],
    ['whats ur adress', 'Where is the shop?'],
    ['do you delivr?', 'Do you deliver?'],
    ['glutn free bred', 'Do you have gluten-free bread?'],
  ])('answers through typos: %s', (text, question) => {
    const { draft: d } = draft(text)
    expect(questionOf(d.sources[0]?.ref)).toBe(question)
    expect(d.needsAnswer).toBe(false)
  })

  it('gives a typo less confidence than the correctly spelt question', () => {
    const typo = draft('whats ur adress').draft.confidence
    const spelt = draft('What is your address?').draft.confidence
    expect(typo).toBeLessThan(spelt)
  })

  it.each([
    ['¿A qué hora abren?', 'es', 'Abrimos de lunes a sábado, de 8:00 a 18:00.'],
    ['dónde queda la tienda', 'es', 'Estamos en Rua das Flores 12, Lisbon.'],
    ['¿hacen envios a domicilio?', 'es', 'Sí: entregamos a menos de 5 km por €3.'],
    ['Que horas vocês abrem?', 'pt', 'Abrimos de segunda a sábado, das 8h às 18h.'],
    ['onde fica a loja?', 'pt', 'Estamos na Rua das Flores 12, Lisbon.'],
  ])('answers %s in the customer’s language (%s)', (text, language, reply) => {
    const result = draft(text)
    expect(result.retrieval?.detected.language).toBe(language)
    expect(result.draft.language).toBe(language)
    expect(result.draft.reply).toBe(reply)
  })

  it('answers from the knowledge base’s own language when it lacks the customer’s', () => {
    const english: KnowledgeSnapshot = {
      ...kb,
      clientId: 'english-only',
      entries: kb.entries.filter((entry) => entry.language === 'en'),
    }
    const result = draft('Quais são os horários de abertura? opening hours', [], english)
    expect(result.retrieval?.detected.language).toBe('pt')
    expect(result.draft.language).toBe('en')
    expect(result.draft.reply).toBe('We are open Monday to Saturday, 8:00–18:00.')
  })

  it('reads the language of a bare "ok" from the customer’s earlier messages', () => {
    const conversation: ConversationTurn[] = [
      { direction: 'in', text: '¿A qué hora abren los domingos?' },
      { direction: 'out', text: 'Abrimos de lunes a sábado.' },
    ]
    const result = draft('ok', conversation)
    expect(result.retrieval?.detected.language).toBe('es')
    expect(result.draft).toMatchObject({ language: 'es', needsAnswer: true })
    expect(draft('ok').retrieval?.detected.language).toBe('und')
  })

  it('is deterministic: the same message and knowledge base give the same draft', () => {
    const first = draft('do you deliver to my house?').draft
    const fresh = draftLocally(createKnowledgeIndexCache(), {
      client: { id: kb.clientId, name: 'Padaria Flor' },
      conversation: [],
      inbound: { text: 'do you deliver to my house?' },
      kb: bakeryKnowledge(),
    }).draft
    expect(fresh).toEqual(first)
  })
})

describe('the local drafter refuses what the knowledge base does not answer', () => {
  it.each(['Do you sell bicycles?', 'what is the meaning of life', 'Bonjour, vous êtes ouverts ?'])(
    '%s → an empty draft that needs an answer, confidence 0',
    (text) => {
      const { draft: d } = draft(text)
      expect(d).toMatchObject({ reply: '', needsAnswer: true, confidence: 0, handoff: false })
      expect(d.sources).toEqual([])
    },
  )

  it('keeps the customer’s language on a refusal', () => {
    expect(draft('Bonjour, vous êtes ouverts ?').draft.language).toBe('fr')
  })

  it('does not answer with an entry whose facts are not filled, and names them', () => {
    const waiting: KnowledgeSnapshot = {
      ...kb,
      clientId: 'no-hours',
      facts: BAKERY_FACTS.filter((fact) => fact.key !== 'hours'),
    }
    const { draft: d } = draft('What are your opening hours?', [], waiting)
    expect(d).toMatchObject({ reply: '', needsAnswer: true, confidence: 0 })
    expect(d.sources.map((source) => source.ref)).toEqual(['faq:1', 'fact:hours'])
  })

  it('answers nothing from an empty knowledge base', () => {
    const empty: KnowledgeSnapshot = { clientId: 'empty', revision: 0, entries: [], facts: [] }
    expect(draft('What are your opening hours?', [], empty).draft).toMatchObject({
      reply: '',
      needsAnswer: true,
      language: 'en',
    })
  })
})

describe('the local drafter hands over what a person must handle', () => {
  it.each([
    ['can I talk to a person?', 'human', 'en'],
    ['I want a refund for my cake', 'refund', 'en'],
    ['quiero hablar con una persona', 'human', 'es'],
    ['vocês me cobraram duas vezes', 'payment', 'pt'],
  ])('%s → handoff (%s) in %s, never an answer', (text, reason, language) => {
    const { draft: d, retrieval } = draft(text)
    expect(d).toMatchObject({ handoff: true, handoffReason: reason, language, needsAnswer: false })
    expect(d.reply).toContain('Padaria Flor')
    expect(d.sources).toEqual([])
    expect(retrieval).toBeNull()
  })
})

describe('the index follows the knowledge base', () => {
  it('rebuilds when the revision moves and not before', () => {
    const local = createKnowledgeIndexCache()
    let reads = 0
    const entries = () => {
      reads++
      return bakeryEntries()
    }
    local.get('c', 1, entries)
    local.get('c', 1, entries)
    expect(reads).toBe(1)
    local.get('c', 2, entries)
    expect(reads).toBe(2)
  })
})
