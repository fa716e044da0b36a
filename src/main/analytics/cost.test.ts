import { afterEach, beforeEach, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { createLogger } from '../logger'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { statusBody } from '../test-support/webhook-bodies'
import { createAnalyticsService, type AnalyticsService } from './service'

let h: MessagingHarness
let analytics: AnalyticsService
beforeEach(() => {
  h = messagingHarness()
  h.addClient('client-a', 'waba-a', 'pn-a', 'Client A')
  analytics = createAnalyticsService({
    db: h.db,
    log: createLogger({ level: 'error', console: false }),
    now: () => Date.parse('2026-03-05T10:00:00Z'),
  })
})
afterEach(() => {
  analytics.close()
  h.close()
})

const RATE_CARD = [
  'market,marketing,utility,authentication,authentication-international,service',
  'India,0.0107,0.0014,0.0014,0.0280,0',
  'Brazil,0.0625,0.0068,0.0068,,0',
  'North America,0.0250,0.0034,0.0034,,0',
  'Rest of Africa,0.0225,0.0040,0.0040,,0',
  'Indonesia,0.0411,0.0250,0.0250,0.1360,0',
  'BD,0.0200,0.0030,0.0030,,0',
  'Other,0.0604,0.0077,0.0077,,0',
].join('\n')

const pn = { phoneNumberId: 'pn-a', wabaId: 'waba-a' }
let n = 0
/** One outbound message (created by its statuses) with Meta's pricing. */
function priced(waId: string, category: string, type: string, delivered = true) {
  const id = `w.cost.${++n}`
  const at = 1_772_600_000 + n * 10
  const pricing = { billable: type === 'regular', pricing_model: 'PMP', type, category }
  h.deliver(statusBody(pn, { waId }, { id, status: 'sent', at, pricing }))
  if (delivered)
    h.deliver(statusBody(pn, { waId }, { id, status: 'delivered', at: at + 2, pricing }))
}

it('prices a known set of priced statuses by a known rate card, free messages apart', () => {
  for (let i = 0; i < 3; i++) priced('919812340001', 'marketing', 'regular')
  priced('5511987650001', 'utility', 'regular')
  priced('5511987650002', 'utility', 'regular')
  priced('5511987650003', 'utility', 'free_customer_service')
  priced('6281234560001', 'authentication-international', 'regular')
  priced('14155550101', 'marketing', 'regular', false) // sent, never delivered: not charged
  priced('16135550101', 'marketing', 'regular') // Canada → North America
  priced('254712340001', 'marketing', 'regular') // Kenya → Rest of Africa
  priced('8801712340001', 'marketing', 'regular') // Bangladesh's own row beats its region
  priced('819012340001', 'marketing', 'regular') // Japan: Rest of Asia Pacific, no rate
  priced('919812340002', 'service', 'free_customer_service')
  priced('919812340003', 'service', 'free_entry_point')

  const card = analytics.importRateCard({ csv: RATE_CARD, currency: 'USD', fileName: 'usd.csv' })
  expect(card).toMatchObject({ currency: 'USD', fileName: 'usd.csv', rates: 30 })

  const { cost, perClient } = analytics.overview({ from: '2026-03-01', to: '2026-03-31' })
  expect(cost.billableTotal).toBe(10)
  expect(cost.freeTotal).toBe(3)
  expect(cost.unpriced).toBe(1)
  expect(cost.total).toBeCloseTo(0.0321 + 0.0136 + 0.136 + 0.025 + 0.0225 + 0.02, 10)
  const line = (market: string, category: string) =>
    cost.billable.find((l) => l.market === market && l.category === category)
  expect(line('India', 'marketing')).toMatchObject({ count: 3, rate: 0.0107 })
  expect(line('India', 'marketing')!.cost).toBeCloseTo(0.0321, 10)
  expect(line('Brazil', 'utility')).toMatchObject({ count: 2, rate: 0.0068 })
  expect(line('Indonesia', 'authentication-international')).toMatchObject({ count: 1, rate: 0.136 })
  expect(line('North America', 'marketing')).toMatchObject({ count: 1, rate: 0.025 })
  expect(line('Rest of Africa', 'marketing')).toMatchObject({ count: 1, rate: 0.0225 })
  expect(line('Bangladesh', 'marketing')).toMatchObject({ count: 1, rate: 0.02 })
  expect(line('Rest of Asia Pacific', 'marketing')).toMatchObject({
    count: 1,
    rate: null,
    cost: null,
  })
  expect(cost.free).toEqual(
    expect.arrayContaining([
      { type: 'free_customer_service', category: 'utility', count: 1 },
      { type: 'free_customer_service', category: 'service', count: 1 },
      { type: 'free_entry_point', category: 'service', count: 1 },
    ]),
  )
  expect(cost.byCategory).toEqual(
    expect.arrayContaining([{ category: 'utility', count: 2, cost: expect.closeTo(0.0136, 10) }]),
  )
  expect(perClient).toEqual([
    expect.objectContaining({ clientId: 'client-a', billable: 10, free: 3, messagesOut: 14 }),
  ])
  expect(perClient[0]!.cost).toBeCloseTo(0.2492, 10)
})

it('refuses a rate card with the wrong rows named, keeping the card it had', () => {
  analytics.importRateCard({ csv: RATE_CARD, currency: 'USD' })
  const bad = [
    'market,category,rate,currency',
    'India,marketing,0.0107,USD',
    'Narnia,marketing,0.01,USD',
    'Brazil,promotional,0.01,USD',
    'Brazil,utility,1.2345678,USD',
    'India,Marketing,0.02,USD',
    'Chile,utility,0.02,EUR',
  ].join('\n')
  let error: unknown
  try {
    analytics.importRateCard({ csv: bad, currency: 'USD' })
  } catch (e) {
    error = e
  }
  expect(AppError.is(error) && error.code).toBe('VALIDATION')
  const message = (error as AppError).message
  expect(message).toMatch(/row 3: market "Narnia" is neither a Meta market/)
  expect(message).toMatch(/row 4: category must be one of/)
  expect(message).toMatch(/row 5: rate must be a non-negative decimal with at most 6 places/)
  expect(message).toMatch(/row 6: marketing for IN is also given in row 2/)
  expect(message).toMatch(/row 7: currency EUR differs from the credit line's USD/)
  expect(message).toMatch(/Nothing was imported/)
  expect(analytics.rateCard().card).toMatchObject({ currency: 'USD', rates: 30 })
  expect(() =>
    analytics.importRateCard({ csv: 'country,price\nIndia,1', currency: 'USD' }),
  ).toThrow(/header: no "market" column/)
})

it('reads a long-format card (market,category,rate) with countries by name or ISO code', () => {
  const card = analytics.importRateCard({
    csv: 'Market,Category,Rate\nUnited Kingdom,marketing,0.0529\nde,Authentication_International,0.07\n',
    currency: 'EUR',
  })
  expect(card.lines).toEqual([
    { market: 'Germany', category: 'authentication-international', rate: 0.07 },
    { market: 'United Kingdom', category: 'marketing', rate: 0.0529 },
  ])
})
