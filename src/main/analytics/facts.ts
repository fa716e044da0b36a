import { MESSAGE_ORIGINS, type MessageOrigin } from '@shared/contract/analytics'
import { countryOfWaId } from '@shared/whatsapp/markets'
import { CUSTOMER_SERVICE_WINDOW_MS } from '@shared/whatsapp/windows'

/**
 * What one message counts for in the analytics (one `analytics_facts` row), as a pure function of
 * the message, its conversation and the messages before it. refresh.ts writes these and moves the
 * rollups with them (rollup-deltas.ts).
 *
 * Rules (README "Analytics"):
 * - Day: the UTC date of the message's time (Meta's time for webhooks).
 * - Outbound `accepted`: Meta gave it a wamid; `delivered`: a delivered, read or played receipt;
 *   `read`: read or played; `failed`: its status is failed (a receipt outranks a failure,
 *   status-rules.ts), with Meta's first error code.
 * - Pricing (per-message pricing since 1 July 2025): Meta puts `pricing` on the statuses; a
 *   message is charged when its pricing type is `regular` (or, without a type, `billable` is
 *   true) and it was delivered — Meta charges delivered templates only. `free_customer_service`
 *   (service, and utility templates inside the customer service window) and `free_entry_point`
 *   are counted as free.
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing
 * - Response time: customer messages awaiting an answer form a run (reactions and system notices
 *   do not ask for one); the first outbound message after the run's first message answers it
 *   (reactions and failed sends do not), and its response time is the gap. A first response
 *   answers a run that opened a customer service window (no customer message in the 24 h before).
 */

/** An outbound message's origin as analytics read it: the stored one, or by source. */
export type EffectiveOrigin = MessageOrigin | 'business-app' | 'external'

export function effectiveOrigin(origin: string | null, source: string): EffectiveOrigin {
  if (origin !== null && (MESSAGE_ORIGINS as readonly string[]).includes(origin))
    return origin as MessageOrigin
  if (source === 'echo') return 'business-app'
  if (source === 'status') return 'external'
  return 'agent'
}

/** What a fact is computed from: a `messages` row with its pricing and template read out. */
export interface FactSource {
  id: number
  conversation_id: number
  timestamp: number
  direction: 'in' | 'out'
  source: string
  type: string
  status: string
  origin: string | null
  wamid: string | null
  error_code: number | null
  delivered_at: number | null
  read_at: number | null
  pricing_category: string | null
  pricing_type: string | null
  pricing_billable: number | null
  template: string | null
  template_language: string | null
}

export interface Fact {
  message_id: number
  conversation_id: number
  timestamp: number
  day: string
  phone_number_id: string
  direction: 'in' | 'out'
  origin: string | null
  accepted: 0 | 1
  delivered: 0 | 1
  read: 0 | 1
  failed: 0 | 1
  error_code: number | null
  template: string | null
  template_language: string | null
  country: string | null
  pricing_category: string | null
  pricing_type: string | null
  charged: 0 | 1
  response_ms: number | null
  response_bucket: number | null
  first_response: 0 | 1
}

export const FACT_KEYS = [
  'message_id',
  'conversation_id',
  'timestamp',
  'day',
  'phone_number_id',
  'direction',
  'origin',
  'accepted',
  'delivered',
  'read',
  'failed',
  'error_code',
  'template',
  'template_language',
  'country',
  'pricing_category',
  'pricing_type',
  'charged',
  'response_ms',
  'response_bucket',
  'first_response',
] as const satisfies readonly (keyof Fact)[]

const DELIVERED = new Set(['delivered', 'read', 'played'])
const READ = new Set(['read', 'played'])
const flag = (value: boolean): 0 | 1 => (value ? 1 : 0)

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Response-time histogram buckets: 8 per doubling of (1 s + the time), so a bucket is about 9 %
 * wide and the median read from it is within that of the exact one.
 */
export function responseBucket(ms: number): number {
  return Math.max(0, Math.floor(8 * Math.log2(1 + Math.max(0, ms) / 1000)))
}

/** The lower bound (ms) of a bucket; bucket b spans [bucketStart(b), bucketStart(b + 1)). */
export function bucketStart(bucket: number): number {
  return 1000 * (2 ** (bucket / 8) - 1)
}

/** Where the walk of a conversation starts: the state just after the anchor reply. */
export interface WalkStart {
  /** The customer's last window-opening message before the walk (epoch ms), or null. */
  lastInboundAt: number | null
}

const needsReply = (m: FactSource) => m.type !== 'reaction' && m.type !== 'system'
const opensWindow = (m: FactSource) => m.type !== 'system'
/** Whether an outbound message answers the customer (SQL twin in refresh.ts ANCHOR). */
export const isReply = (m: Pick<FactSource, 'type' | 'status'>) =>
  m.type !== 'reaction' && m.status !== 'failed' && m.status !== 'cancelled'

/**
 * The facts of `messages` (one conversation, ordered by time then id, starting just after a
 * reply or at the conversation's start), with the conversation's number and contact.
 */
export function factsOf(
  messages: readonly FactSource[],
  conversation: { phoneNumberId: string; waId: string | null },
  start: WalkStart,
): Fact[] {
  const country = countryOfWaId(conversation.waId)
  let lastInboundAt = start.lastInboundAt
  let run: { at: number; first: boolean } | null = null
  return messages.map((m) => {
    const fact = baseFact(m, conversation.phoneNumberId, country)
    if (m.direction === 'in') {
      if (needsReply(m) && run === null)
        run = {
          at: m.timestamp,
          first:
            lastInboundAt === null || m.timestamp - lastInboundAt >= CUSTOMER_SERVICE_WINDOW_MS,
        }
      if (opensWindow(m)) lastInboundAt = m.timestamp
    } else if (run !== null && isReply(m)) {
      const ms = m.timestamp - run.at
      fact.response_ms = ms
      fact.response_bucket = responseBucket(ms)
      fact.first_response = flag(run.first)
      run = null
    }
    return fact
  })
}

function baseFact(m: FactSource, phoneNumberId: string, country: string | null): Fact {
  const common = {
    message_id: m.id,
    conversation_id: m.conversation_id,
    timestamp: m.timestamp,
    day: utcDay(m.timestamp),
    phone_number_id: phoneNumberId,
    direction: m.direction,
    response_ms: null,
    response_bucket: null,
    first_response: 0 as const,
  }
  if (m.direction === 'in')
    return {
      ...common,
      origin: null,
      accepted: 0,
      delivered: 0,
      read: 0,
      failed: 0,
      error_code: null,
      template: null,
      template_language: null,
      country: null,
      pricing_category: null,
      pricing_type: null,
      charged: 0,
    }
  const delivered = m.delivered_at !== null || m.read_at !== null || DELIVERED.has(m.status)
  const failed = m.status === 'failed'
  const regular = m.pricing_type !== null ? m.pricing_type === 'regular' : m.pricing_billable === 1
  const priced = m.pricing_type !== null || m.pricing_category !== null
  return {
    ...common,
    origin: effectiveOrigin(m.origin, m.source),
    accepted: flag(m.wamid !== null),
    delivered: flag(delivered),
    read: flag(m.read_at !== null || READ.has(m.status)),
    failed: flag(failed),
    error_code: failed ? m.error_code : null,
    template: m.template,
    template_language: m.template === null ? null : m.template_language,
    country,
    pricing_category: m.pricing_category,
    pricing_type: m.pricing_type,
    charged: flag(priced && regular && delivered),
  }
}
