import { wamid } from '../ids'
import type { AppContact, HistoryChunk, HistoryMessage } from '../webhooks/coexistence-payloads'
import type { Phone } from '../world/types'
import { PERSONAS, type Persona } from './persona-data'
import { seededRandom, seedFromString } from '@shared/random'

/**
 * What a coexistence number's WhatsApp Business app held before onboarding, the same for every
 * number (deterministic: contents from the personas, ids seeded by the phone id): every simulated
 * customer is a contact, each wrote within the day before onboarding and got an answer (history
 * phase 0), and those who answer messages also have an older exchange (phase 1)
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/history).
 */

const HOUR = 3600_000
const DAY = 24 * HOUR

const firstName = (persona: Persona) => persona.name.split(' ')[0] ?? persona.name

/** The business app's address book: one contact per persona. */
export function appContacts(): AppContact[] {
  return PERSONAS.map((persona) => ({
    full_name: persona.name,
    first_name: firstName(persona),
    phone_number: persona.waId,
  }))
}

/** The chat history as Meta's chunks: phase 0 (progress 50), then phase 1 (progress 100). */
export function appHistory(phone: Phone): HistoryChunk[] {
  const random = seededRandom(seedFromString(`history:${phone.id}`))
  const business = phone.display_phone_number
  const at = (ms: number) => String(Math.floor(ms / 1000))
  const message = (
    persona: Persona,
    fromBusiness: boolean,
    time: number,
    body: string,
    status: HistoryMessage['history_context']['status'],
  ): HistoryMessage => ({
    from: fromBusiness ? business : persona.waId,
    id: wamid(persona.waId, { inbound: !fromBusiness, random }),
    timestamp: at(time),
    type: 'text',
    text: { body },
    history_context: { status },
  })
  const recent = PERSONAS.map((persona, i) => {
    const asked = phone.onboarded_at - (2 + i) * HOUR
    return {
      id: persona.waId,
      messages: [
        message(persona, false, asked, persona.openers[0] ?? 'Hi!', 'READ'),
        message(
          persona,
          true,
          asked + 10 * 60_000,
          `Thanks for writing, ${firstName(persona)}! We will get back to you shortly.`,
          persona.readDelayMs === null ? 'DELIVERED' : 'READ',
        ),
      ],
    }
  })
  const older = PERSONAS.flatMap((persona, i) => {
    const reply = persona.replies[0]
    if (reply === undefined) return []
    const sent = phone.onboarded_at - (10 + i) * DAY
    return [
      {
        id: persona.waId,
        messages: [
          message(
            persona,
            true,
            sent,
            `Hello ${firstName(persona)}, your order is confirmed.`,
            'READ',
          ),
          message(persona, false, sent + 5 * 60_000, reply, 'READ'),
        ],
      },
    ]
  })
  return [
    { phase: 0, chunk_order: 1, progress: 50, threads: recent },
    { phase: 1, chunk_order: 1, progress: 100, threads: older },
  ]
}
