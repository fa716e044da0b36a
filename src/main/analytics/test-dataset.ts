import { seededRandom } from '@shared/random'
import type { Db } from '../store/database'
import { echoBody, inboundBody, statusBody, type Business } from '../test-support/webhook-bodies'

/**
 * A generated messaging history for the analytics tests: customers in several countries writing
 * to three numbers (two clients' and an unassigned one), answered by the outbox (every origin,
 * text and templates, some completed only by a status's callback data, some refused at send), by
 * the WhatsApp Business app (echoes) and by another tool (statuses of unknown messages), with
 * Meta's statuses — pricing of every type and category, failures with Meta's codes, failures
 * superseded by a receipt — as webhook bodies for the real ingestion. Deterministic per seed.
 */

export const PHONES: Business[] = [
  { phoneNumberId: 'pn-a', wabaId: 'waba-a' },
  { phoneNumberId: 'pn-b', wabaId: 'waba-b' },
  { phoneNumberId: 'pn-u', wabaId: 'waba-u' },
]

/** Number prefixes of several markets (India, Brazil, US, Canada, UK, Nigeria, Indonesia…). */
const PREFIXES = ['9198', '55119', '1415', '1613', '4477', '23480', '6281', '2010', '4915', '88017']
const ORIGINS = ['agent', 'ai-auto', 'ai-approved', 'ai-edited', 'api', null] as const
const TEMPLATES = [
  { name: 'order_update', language: 'en_US', category: 'utility' },
  { name: 'spring_sale', language: 'pt_BR', category: 'marketing' },
  { name: 'login_code', language: 'en', category: 'authentication' },
]
const FAILURES = [
  { code: 131026, title: 'Message undeliverable' },
  { code: 131049, title: 'Meta chose not to deliver' },
  { code: 131047, title: 'Re-engagement message' },
]

/** An outbox send: a row the app writes before Meta answers. */
export interface OutboxSend {
  conversationOf: { phoneNumberId: string; waId: string }
  outboxId: string
  /** Null: Meta's answer was lost; a status's callback data completes it. */
  wamid: string | null
  origin: (typeof ORIGINS)[number]
  template: (typeof TEMPLATES)[number] | null
  at: number
  /** Refused at send with this code (never reaches Meta). */
  refusedWith: number | null
}

export interface Dataset {
  /** Customers' messages: delivered first, so the outbox has conversations to send in. */
  inbound: unknown[]
  sends: OutboxSend[]
  /** Statuses, echoes, more customer messages: delivered shuffled, each 1–3 times. */
  rest: unknown[]
}

export function generateDataset(seed: number, conversations = 24): Dataset {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const t0 = 1_772_323_200 // 2026-03-01T00:00:00Z, seconds
  const inbound: unknown[] = []
  const rest: unknown[] = []
  const sends: OutboxSend[] = []
  let seq = 0
  for (let c = 0; c < conversations; c++) {
    const business = PHONES[c % PHONES.length]!
    const waId = `${pick(PREFIXES)}${String(1_000_000 + c * 7919).slice(-7)}`
    const customer = { waId, name: `Customer ${c}` }
    let at = t0 + Math.floor(random() * 60 * 86_400)
    const turns = 2 + Math.floor(random() * 6)
    for (let turn = 0; turn < turns; turn++) {
      at += 60 + Math.floor(random() * 30 * 3600)
      const customerWrites = random() < 0.8
      if (customerWrites) {
        const body = inboundBody(business, customer, { id: `w.in.${seed}.${++seq}`, at })
        // Most reach the console first; some arrive late, among the statuses.
        ;(turn === 0 || random() < 0.7 ? inbound : rest).push(body)
        if (random() < 0.3) {
          at += 5 + Math.floor(random() * 120)
          rest.push(inboundBody(business, customer, { id: `w.in.${seed}.${++seq}`, at }))
        }
      }
      at += 10 + Math.floor(random() * 6 * 3600)
      const how = random()
      const wamid = `w.out.${seed}.${++seq}`
      const template = !customerWrites || random() < 0.25 ? pick(TEMPLATES) : null
      if (how < 0.7) {
        const refused = random() < 0.08 ? pick(FAILURES).code : null
        sends.push({
          conversationOf: { phoneNumberId: business.phoneNumberId, waId },
          outboxId: `ob.${seed}.${seq}`,
          wamid: refused !== null ? null : random() < 0.2 ? null : wamid,
          origin: pick(ORIGINS),
          template,
          at: at * 1000,
          refusedWith: refused,
        })
        if (refused === null)
          rest.push(...statuses(business, waId, wamid, at, template, `ob.${seed}.${seq}`))
      } else if (how < 0.85) {
        rest.push(echoBody(business, waId, { id: wamid, at, text: 'from the app' }))
        rest.push(...statuses(business, waId, wamid, at, null, null))
      } else {
        rest.push(...statuses(business, waId, wamid, at, template, null))
      }
    }
  }
  return { inbound, sends, rest }

  function statuses(
    business: Business,
    waId: string,
    id: string,
    at: number,
    template: (typeof TEMPLATES)[number] | null,
    callbackData: string | null,
  ): unknown[] {
    const inWindow = random() < 0.5
    const pricing = template
      ? {
          billable: !(template.category === 'utility' && inWindow),
          pricing_model: 'PMP',
          type: template.category === 'utility' && inWindow ? 'free_customer_service' : 'regular',
          category:
            template.category === 'authentication' && random() < 0.3
              ? 'authentication-international'
              : template.category,
        }
      : random() < 0.15
        ? { billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'service' }
        : {
            billable: false,
            pricing_model: 'PMP',
            type: 'free_customer_service',
            category: 'service',
          }
    const to = { waId }
    const cb = callbackData ? { callbackData } : {}
    const out = [statusBody(business, to, { id, status: 'sent', at: at + 1, pricing, ...cb })]
    const fate = random()
    if (fate < 0.12) {
      const failure = pick(FAILURES)
      out.push(
        statusBody(business, to, {
          id,
          status: 'failed',
          at: at + 5,
          errors: [{ code: failure.code, title: failure.title }],
          ...cb,
        }),
      )
      // Now and then a receipt from another device outranks the failure.
      if (random() < 0.3)
        out.push(statusBody(business, to, { id, status: 'delivered', at: at + 7, pricing, ...cb }))
    } else if (fate < 0.25) {
      // Sent only: not delivered (yet), so not charged.
    } else {
      out.push(statusBody(business, to, { id, status: 'delivered', at: at + 3, pricing, ...cb }))
      if (random() < 0.6)
        out.push(
          statusBody(business, to, {
            id,
            status: 'read',
            at: at + 60 + Math.floor(random() * 9000),
            ...cb,
          }),
        )
    }
    return out
  }
}

/** Writes an outbox send the way the outbox does: the message row (pending, then its fate). */
export function writeSend(db: Db, send: OutboxSend): void {
  const conversation = db
    .prepare<[string, string], { id: number }>(
      `SELECT c.id FROM conversations c JOIN contact_aliases a ON a.contact_id = c.contact_id
         WHERE c.phone_number_id = ? AND a.key = ?`,
    )
    .get(send.conversationOf.phoneNumberId, `wa:${send.conversationOf.waId}`)
  if (!conversation) return
  const details = send.template
    ? JSON.stringify({
        template: { name: send.template.name, language: { code: send.template.language } },
      })
    : '{}'
  const id = db
    .prepare(
      `INSERT INTO messages (conversation_id, direction, source, type, text, details, timestamp,
         status, outbox_id, biz_opaque_callback_data, origin, created_at, updated_at)
       VALUES (?, 'out', 'outbox', ?, 'reply', ?, ?, 'pending', ?, ?, ?, 0, 0)`,
    )
    .run(
      conversation.id,
      send.template ? 'template' : 'text',
      details,
      send.at,
      send.outboxId,
      send.outboxId,
      send.origin,
    ).lastInsertRowid
  if (send.refusedWith !== null)
    db.prepare(
      "UPDATE messages SET status = 'failed', failed_at = ?, error_code = ? WHERE id = ?",
    ).run(send.at + 500, send.refusedWith, id)
  else if (send.wamid !== null)
    db.prepare("UPDATE messages SET wamid = ?, status = 'accepted' WHERE id = ?").run(
      send.wamid,
      id,
    )
}

/** Each body 1–3 times, shuffled, in batches of 1–20. */
export function deliveries(bodies: readonly unknown[], seed: number): unknown[][] {
  const random = seededRandom(seed)
  const copies = bodies.flatMap((body) =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => body),
  )
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copies[i], copies[j]] = [copies[j], copies[i]]
  }
  const batches: unknown[][] = []
  for (let i = 0; i < copies.length;) {
    const size = 1 + Math.floor(random() * 20)
    batches.push(copies.slice(i, i + size))
    i += size
  }
  return batches
}
