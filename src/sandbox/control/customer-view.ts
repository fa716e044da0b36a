import type { InboundMessage, SentMessage } from '../world/types'
import type { World } from '../world/world'
import { ControlError } from './config-routes'

/**
 * `GET /_sandbox/customers/{wa_id}?phone_number_id=`: the conversation as the customer's phone
 * shows it — what every business sent them (the full request body: text, media, template with
 * its parameters, interactive payload) with its current status, and what they sent (the message
 * object as the webhook delivered it), oldest first. Staff rehearsing a flow and end-to-end tests
 * read what a customer actually got here.
 * Order: the order the sandbox recorded them in, across both directions (a persona answering at
 * time_scale 0 replies in the same millisecond as the message it got).
 */

const iso = (ms: number) => new Date(ms).toISOString()

function fromBusiness(m: SentMessage) {
  return {
    sender: 'business' as const,
    id: m.id,
    phone_number_id: m.phone_id,
    time: iso(m.created_at),
    type: m.type,
    status: m.status,
    statuses: m.history.map((h) => ({ status: h.status, time: iso(h.timestamp) })),
    errors: m.errors,
    payload: m.payload,
  }
}

function fromCustomer(m: InboundMessage) {
  return {
    sender: 'customer' as const,
    id: m.id,
    phone_number_id: m.phone_id,
    time: iso(m.timestamp),
    type: m.type,
    // The customer's own ticks: blue once the business marked the message read.
    status: m.read ? 'read' : 'delivered',
    message: m.message,
  }
}

const positionOf = (m: SentMessage | InboundMessage) =>
  m.order ?? ('created_at' in m ? m.created_at : m.timestamp) * 1000

export function customerView(world: World, waId: string, phoneId: string | null) {
  if (phoneId !== null && !world.phones.has(phoneId)) {
    throw new ControlError(`no phone number with id ${phoneId}`, undefined, 404)
  }
  const ours = (phone: string) => phoneId === null || phone === phoneId
  const sent = [...world.sent.values()].filter((m) => m.wa_id === waId && ours(m.phone_id))
  const received = [...world.inbound.values()].filter((m) => m.from === waId && ours(m.phone_id))
  const messages: (ReturnType<typeof fromBusiness> | ReturnType<typeof fromCustomer>)[] = []
  let s = 0
  let r = 0
  // Both maps keep insertion (= time) order, so a merge keeps each side's order; `order` breaks
  // ties within a millisecond (messages saved before it existed fall back to their times).
  while (s < sent.length || r < received.length) {
    const business = sent[s]
    const customer = received[r]
    if (business && (!customer || positionOf(business) <= positionOf(customer))) {
      messages.push(fromBusiness(business))
      s++
    } else if (customer) {
      messages.push(fromCustomer(customer))
      r++
    }
  }
  return { wa_id: waId, phone_number_id: phoneId, messages }
}
