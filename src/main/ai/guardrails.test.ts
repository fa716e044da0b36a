import { describe, expect, it } from 'vitest'
import {
  detectHandoff,
  handoverLanguage,
  handoverMessage,
  isLowConfidence,
  LOW_CONFIDENCE_THRESHOLD,
  reviewReason,
} from './guardrails'

describe('detectHandoff', () => {
  it.each([
    ['can I talk to a person?', 'human', 'en'],
    ['I want to speak with a real person', 'human', 'en'],
    ['Please connect me to an agent', 'human', 'en'],
    ['human please', 'human', 'en'],
    ['I need a refund', 'refund', 'en'],
    ['I want my money back', 'refund', 'en'],
    ['you charged me twice!', 'payment', 'en'],
    ['my payment failed but the money left my account', 'payment', 'en'],
    ['I already paid, where is my order', 'payment', 'en'],
    ['I will talk to my lawyer', 'legal', 'en'],
    ['¿Puedo hablar con una persona?', 'human', 'es'],
    ['quiero hablar con un asesor', 'human', 'es'],
    ['Necesito un reembolso', 'refund', 'es'],
    ['me cobraron dos veces', 'payment', 'es'],
    ['voy a llamar a mi abogado', 'legal', 'es'],
    ['Quero falar com um atendente', 'human', 'pt'],
    ['posso falar com alguém?', 'human', 'pt'],
    ['quero o estorno da compra', 'refund', 'pt'],
    ['o pagamento não foi aprovado, deu erro', 'payment', 'pt'],
    ['vou reclamar no Procon', 'legal', 'pt'],
  ])('%s → %s (%s)', (text, reason, language) => {
    expect(detectHandoff(text)).toMatchObject({ reason, language })
  })

  it('puts a request for a person before the topic', () => {
    expect(detectHandoff('refund? let me speak to a human')?.reason).toBe('human')
  })

  it.each([
    'What are your opening hours?',
    'Do you accept credit cards?',
    'Which payment methods do you take?',
    '¿Aceptan tarjeta?',
    'Vocês aceitam pix?',
    'Is the person who bakes the cakes there today?',
    'hello',
  ])('leaves ordinary questions to the drafter: %s', (text) => {
    expect(detectHandoff(text)).toBeNull()
  })
})

describe('handover messages', () => {
  it('speak en, es and pt (and fr, de, it), naming the business', () => {
    expect(handoverMessage('en', 'Padaria Flor').text).toContain(
      'a member of the Padaria Flor team',
    )
    expect(handoverMessage('es', 'Padaria Flor').text).toMatch(/^Gracias.*equipo de Padaria Flor/)
    expect(handoverMessage('pt', null).text).toMatch(/^Obrigado.*nossa equipe/)
    for (const language of ['fr', 'de', 'it'])
      expect(handoverMessage(language).language).toBe(language)
  })

  it('fall back to English', () => {
    expect(handoverMessage('sw')).toMatchObject({ language: 'en' })
  })

  it('are in the customer’s language', () => {
    expect(handoverLanguage('quiero hablar con una persona')).toBe('es')
    expect(handoverLanguage('👍', 'pt')).toBe('pt')
    expect(handoverLanguage('👍')).toBe('en')
  })
})

describe('confidence guardrail', () => {
  it(`sends below ${LOW_CONFIDENCE_THRESHOLD} to review`, () => {
    expect(isLowConfidence(0.59)).toBe(true)
    expect(isLowConfidence(0.6)).toBe(false)
    expect(isLowConfidence(0.7, 0.8)).toBe(true)
    expect(isLowConfidence(Number.NaN)).toBe(true)
  })

  it('names why a draft needs an agent: handoff, then no answer, then low confidence', () => {
    expect(reviewReason({ handoff: true, needsAnswer: false, confidence: 1 })).toBe('handoff')
    expect(reviewReason({ handoff: false, needsAnswer: true, confidence: 0 })).toBe('needs-answer')
    expect(reviewReason({ handoff: false, needsAnswer: false, confidence: 0.4 })).toBe(
      'low-confidence',
    )
    expect(reviewReason({ handoff: false, needsAnswer: false, confidence: 0.9 })).toBeNull()
  })
})
