import { afterEach, beforeEach, expect, it } from 'vitest'
import { seededRandom } from '@shared/random'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { echoBody, inboundBody, statusBody } from '../test-support/webhook-bodies'
import { recomputeConversation } from './conversations'

let h: MessagingHarness
beforeEach(() => {
  h = messagingHarness()
})
afterEach(() => h.close())

const AGGREGATES = `SELECT id, last_message_id, last_message_at, last_inbound_at, unread_count,
  free_entry_predicted_until FROM conversations ORDER BY id`
const T = 1_767_200_000

/** The stored aggregates, and what recomputing every conversation from its messages gives. */
function storedAndRecomputed() {
  const stored = h.db.prepare(AGGREGATES).all()
  for (const { id } of h.db.prepare('SELECT id FROM conversations').all() as { id: number }[])
    recomputeConversation(h.db, id)
  return { stored, recomputed: h.db.prepare(AGGREGATES).all() }
}

it.each([1, 2, 3])(
  'keeps the conversation aggregates equal to a recomputation when batches only add messages, and when they do more (seed %i)',
  (seed) => {
    const random = seededRandom(seed)
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
    const numbers = [{ phoneNumberId: 'pn-1' }, { phoneNumberId: 'pn-2' }]
    const customers = ['15550001001', '15550001002', '15550001003']
    const sent: { business: (typeof numbers)[number]; waId: string; id: string; at: number }[] = []
    let n = 0
    for (let round = 0; round < 40; round++) {
      const batch: unknown[] = []
      for (let k = 1 + Math.floor(random() * 6); k > 0; k--) {
        const business = pick(numbers)
        const waId = pick(customers)
        // Out of order: each message at any time in a window of a few hours.
        const at = T + Math.floor(random() * 4 * 3600)
        const id = `w.${seed}.${++n}`
        const what = random()
        const customerSends = (type: string, content: Record<string, unknown>) =>
          inboundBody(business, { waId }, { id, at, type, content })
        if (what < 0.45) batch.push(inboundBody(business, { waId }, { id, at, text: `hi ${n}` }))
        else if (what < 0.55)
          batch.push(
            customerSends('reaction', { reaction: { message_id: `w.${seed}.1`, emoji: '👍' } }),
          )
        else if (what < 0.6)
          batch.push(
            customerSends('system', {
              system: { body: 'Security code changed', type: 'customer_identity_changed' },
            }),
          )
        else if (what < 0.75) {
          batch.push(echoBody(business, waId, { id, at, text: `from the app ${n}` }))
          sent.push({ business, waId, id, at })
        } else if (what < 0.85 && sent.length > 0) {
          const to = pick(sent)
          const status = pick(['sent', 'delivered', 'read'])
          batch.push(
            statusBody(to.business, { waId: to.waId }, { id: to.id, status, at: to.at + 5 }),
          )
        } else if (what < 0.9) {
          // A status of a message this app did not send: a row created with the status's time.
          batch.push(statusBody(business, { waId }, { id, status: 'sent', at }))
        } else if (what < 0.93) {
          const referral = { source_type: 'ad', source_id: 'ad', ctwa_clid: `clid-${n}` }
          batch.push(inboundBody(business, { waId }, { id, at, referral }))
        } else if (n > 1) {
          // Meta re-sends an earlier message.
          batch.push(inboundBody(business, { waId }, { id: `w.${seed}.${n - 1}`, at }))
        }
      }
      h.deliver(...batch)
      if (random() < 0.2) {
        const conversations = h.messaging.listConversations({}).items
        if (conversations.length > 0) h.messaging.markRead(pick(conversations).id)
      }
      const { stored, recomputed } = storedAndRecomputed()
      expect(stored).toEqual(recomputed)
    }
    // The run covered what the aggregates count.
    const totals = h.db
      .prepare(
        `SELECT count(*) AS conversations, sum(unread_count > 0) AS unread,
           sum(free_entry_predicted_until IS NOT NULL) AS predicted FROM conversations`,
      )
      .get() as { conversations: number; unread: number; predicted: number }
    expect(totals.conversations).toBeGreaterThan(3)
    expect(totals.unread).toBeGreaterThan(0)
  },
)
