// A small bakery's knowledge base in three languages, for tests and the benchmark.
import type { KbEntryRecord } from './kb-repo'
import type { FactValue } from './placeholders'
import type { KnowledgeSnapshot } from './provider'

type Faq = [question: string, variants: string[], answer: string, tags?: string[]]

const FAQ: Record<string, Faq[]> = {
  en: [
    [
      'What are your opening hours?',
      ['When are you open?', 'What time do you open?', 'Are you open on Sundays?'],
      'We are open {{hours}}.',
      ['hours', 'visit'],
    ],
    [
      'Where is the shop?',
      ['What is your address?', 'How do I find you?', 'Where are you located?'],
      'You will find us at {{address}}.',
      ['location'],
    ],
    [
      'Do you deliver?',
      ['Can you deliver to my home?', 'Is there home delivery?'],
      'Yes: we deliver within 5 km for {{delivery_fee}}. Order before 11:00 for same-day delivery.',
      ['delivery'],
    ],
    [
      'How much does a birthday cake cost?',
      ['What is the price of a cake?', 'How much are your cakes?'],
      'Birthday cakes start at {{price.cake}}; order two days ahead.',
      ['prices', 'cakes'],
    ],
    [
      'Do you have gluten-free bread?',
      ['Is there anything without gluten?', 'Do you sell gluten free products?'],
      'Yes, we bake gluten-free bread every Tuesday and Friday.',
      ['allergies'],
    ],
    [
      'Can I pay by card?',
      ['Do you accept credit cards?', 'Which payment methods do you take?'],
      'We accept cards, cash and contactless payments.',
      ['payment methods'],
    ],
  ],
  es: [
    [
      '¿Cuál es su horario?',
      ['¿A qué hora abren?', '¿Abren los domingos?', '¿Cuándo están abiertos?'],
      'Abrimos {{hours}}.',
      ['horario'],
    ],
    [
      '¿Dónde está la tienda?',
      ['¿Cuál es la dirección?', '¿Dónde están ubicados?'],
      'Estamos en {{address}}.',
      ['ubicación'],
    ],
    [
      '¿Hacen envíos a domicilio?',
      ['¿Entregan a domicilio?', '¿Tienen delivery?'],
      'Sí: entregamos a menos de 5 km por {{delivery_fee}}.',
      ['envíos'],
    ],
  ],
  pt: [
    [
      'Qual é o horário de funcionamento?',
      ['Que horas vocês abrem?', 'Vocês abrem no domingo?'],
      'Abrimos {{hours}}.',
      ['horário'],
    ],
    [
      'Onde fica a loja?',
      ['Qual é o endereço?', 'Onde vocês estão?'],
      'Estamos na {{address}}.',
      ['endereço'],
    ],
  ],
}

export const BAKERY_FACTS: FactValue[] = [
  { key: 'hours', language: 'en', value: 'Monday to Saturday, 8:00–18:00' },
  { key: 'hours', language: 'es', value: 'de lunes a sábado, de 8:00 a 18:00' },
  { key: 'hours', language: 'pt', value: 'de segunda a sábado, das 8h às 18h' },
  { key: 'address', language: 'any', value: 'Rua das Flores 12, Lisbon' },
  { key: 'delivery_fee', language: 'any', value: '€3' },
  { key: 'price.cake', language: 'any', value: '€25' },
]

export function bakeryEntries(): KbEntryRecord[] {
  let id = 0
  return Object.entries(FAQ).flatMap(([language, faqs]) =>
    faqs.map(([question, variants, answer, tags = []]) => ({
      id: ++id,
      clientId: 'bakery',
      kind: 'faq' as const,
      question,
      variants,
      answer,
      language,
      tags,
      source: 'staff' as const,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })),
  )
}

export function bakeryKnowledge(revision = 1): KnowledgeSnapshot {
  return { clientId: 'bakery', revision, entries: bakeryEntries(), facts: BAKERY_FACTS }
}
