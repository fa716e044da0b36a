// Knowledge-base fixtures for component tests (shapes checked by the fake api's contract parse).
import type { KbEntry, KbFact, KnowledgeBase, KnowledgeTry } from '@shared/contract/ai'

const at = '2026-01-10T09:00:00.000Z'

export function kbEntry(overrides: Partial<KbEntry> = {}): KbEntry {
  return {
    id: 1,
    kind: 'faq',
    question: 'What are your opening hours?',
    variants: ['When are you open?'],
    answer: 'We are open {{hours}}.',
    language: 'en',
    tags: ['hours'],
    source: 'seed',
    createdAt: at,
    updatedAt: at,
    placeholders: ['hours'],
    missingFacts: [],
    ...overrides,
  }
}

export function kbFact(overrides: Partial<KbFact> = {}): KbFact {
  return {
    key: 'hours',
    value: '9:00–17:00',
    language: 'any',
    source: 'staff',
    updatedAt: at,
    ...overrides,
  }
}

export function knowledgeBase(overrides: Partial<KnowledgeBase> = {}): KnowledgeBase {
  return {
    clientId: 'c-1',
    clientName: 'Jaspers Market',
    revision: 3,
    entries: [
      kbEntry(),
      kbEntry({
        id: 2,
        question: 'Where are you located?',
        variants: [],
        answer: 'You can find us at {{address}}.',
        placeholders: ['address'],
        missingFacts: ['address'],
        tags: [],
      }),
      kbEntry({
        id: 3,
        kind: 'snippet',
        question: 'Greeting',
        variants: ['Hi', 'Hello'],
        answer: '¡Hola! ¿En qué podemos ayudar?',
        language: 'es',
        placeholders: [],
        tags: ['greeting'],
      }),
    ],
    facts: [kbFact(), kbFact({ key: 'address', value: '', source: 'seed' })],
    languages: ['en', 'es'],
    ...overrides,
  }
}

export function knowledgeTry(overrides: Partial<KnowledgeTry> = {}): KnowledgeTry {
  return {
    reply: 'We are open 9:00–17:00.',
    sources: [
      { ref: 'faq:1', kind: 'faq', title: 'What are your opening hours?' },
      { ref: 'fact:hours', kind: 'fact', title: 'hours' },
    ],
    confidence: 0.87,
    handoff: false,
    handoffReason: null,
    needsAnswer: false,
    language: 'en',
    provider: 'local',
    model: 'local-retrieval-1',
    promptHash: 'a'.repeat(64),
    detectedLanguage: 'en',
    matches: [{ ref: 'faq:1', title: 'What are your opening hours?', language: 'en', score: 42.5 }],
    ...overrides,
  }
}
