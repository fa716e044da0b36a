import { describe, expect, it } from 'vitest'
import { factFor, fillAnswer, missingFacts, placeholdersOf } from './placeholders'

const facts = [
  { key: 'hours', language: 'en', value: '9–17' },
  { key: 'hours', language: 'es', value: 'de 9 a 17' },
  { key: 'address', language: 'any', value: 'Main St 1' },
  { key: 'website', language: 'any', value: '' },
]

describe('fact placeholders', () => {
  it('lists the keys an answer names, once, lower-cased', () => {
    expect(placeholdersOf('{{Hours}} at {{ address }}; {{hours}} again, {{not a key}}')).toEqual([
      'hours',
      'address',
    ])
  })

  it('prefers the language’s fact, then the one for any language; empty ones do not count', () => {
    expect(factFor(facts, 'hours', 'es')?.value).toBe('de 9 a 17')
    expect(factFor(facts, 'hours', 'pt')).toBeNull()
    expect(factFor(facts, 'address', 'pt')?.value).toBe('Main St 1')
    expect(factFor(facts, 'website', 'en')).toBeNull()
  })

  it('fills an answer and says what it used and what is missing', () => {
    expect(fillAnswer('Open {{hours}} at {{address}}, see {{website}}', facts, 'en')).toEqual({
      text: 'Open 9–17 at Main St 1, see {{website}}',
      used: [facts[0], facts[2]],
      missing: ['website'],
    })
    expect(missingFacts('{{hours}} {{address}}', facts, 'pt')).toEqual(['hours'])
  })
})
