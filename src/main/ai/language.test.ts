import { describe, expect, it } from 'vitest'
import { detectCustomerLanguage, detectLanguage } from './language'

const ALL = ['en', 'es', 'pt', 'fr', 'de', 'it']

describe('detectLanguage', () => {
  it.each([
    ['What time do you open on Saturday?', 'en'],
    ['do you deliver', 'en'],
    ['can I talk to a person?', 'en'],
    ['¿A qué hora abren?', 'es'],
    ['Dónde están ubicados?', 'es'],
    ['cuanto cuesta un corte de pelo', 'es'],
    ['Que horas vocês abrem?', 'pt'],
    ['Onde fica a loja?', 'pt'],
    ['quanto custa o bolo de aniversário', 'pt'],
    ['Bonjour, vous êtes ouverts dimanche?', 'fr'],
    ['Wann haben Sie am Sonntag geöffnet?', 'de'],
    [
      'Good morning, I ordered a chocolate cake for my daughter last week and I would like to know whether it will be ready on Friday afternoon.',
      'en',
    ],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text, ALL).language).toBe(language)
  })

  it('says und for text without words, or without candidates it knows', () => {
    expect(detectLanguage('👍 12:30', ALL)).toEqual({ language: 'und', margin: 0 })
    expect(detectLanguage('hello', [])).toEqual({ language: 'und', margin: 0 })
    expect(detectLanguage('hello', ['xx'])).toEqual({ language: 'und', margin: 0 })
  })

  it('chooses only among the candidates', () => {
    expect(detectLanguage('Onde fica a loja?', ['en', 'es'])).toMatchObject({ language: 'es' })
  })

  it('looks back at earlier messages, most recent first, when a message alone says nothing', () => {
    expect(
      detectCustomerLanguage('ok', ['Hello there', 'Olá, tudo bem? vocês abrem hoje?'], ALL),
    ).toMatchObject({
      language: 'pt',
    })
    expect(detectCustomerLanguage('👍', [], ALL).language).toBe('und')
  })
})
