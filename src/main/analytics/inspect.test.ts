import { afterEach, beforeEach, expect, it } from 'vitest'
import { inspect } from '../inspect/inspect'
import { createLogger } from '../logger'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody, statusBody } from '../test-support/webhook-bodies'
import { createAnalyticsService } from './service'

let h: MessagingHarness
beforeEach(() => {
  h = messagingHarness()
  h.addClient('client-a', 'waba-a', 'pn-a', 'Acme')
})
afterEach(() => h.close())

const day1 = Date.parse('2026-03-01T09:00:00Z') / 1000
const day2 = Date.parse('2026-03-02T09:00:00Z') / 1000
const marketing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' }
const service = {
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'service',
}

it('prints one row per client and day with the page’s figures, filtered by --client and --since', () => {
  const pnA = { phoneNumberId: 'pn-a' }
  const pnU = { phoneNumberId: 'pn-u' }
  const to = { waId: '919800000001' }
  h.deliver(
    inboundBody(pnA, to, { id: 'w.i1', at: day1 }),
    statusBody(pnA, to, { id: 'w.o1', status: 'delivered', at: day1 + 60, pricing: service }),
    statusBody(pnA, to, { id: 'w.o2', status: 'read', at: day2, pricing: marketing }),
    statusBody(pnA, to, { id: 'w.o3', status: 'failed', at: day2 + 5, errors: [{ code: 131026 }] }),
    statusBody(pnU, to, { id: 'w.o4', status: 'sent', at: day2, pricing: marketing }),
  )
  const analytics = createAnalyticsService({
    db: h.db,
    log: createLogger({ level: 'error', console: false }),
  })
  analytics.importRateCard({ csv: 'market,category,rate\nIndia,marketing,0.0107', currency: 'USD' })
  analytics.close()
  const zero = { utility: 0, authentication: 0, 'authentication-international': 0, service: 0 }
  expect(inspect({ dataDir: h.dir, entity: 'analytics' })).toEqual([
    {
      date: '2026-03-01',
      client: 'client-a',
      client_name: 'Acme',
      messages_in: 1,
      messages_out: 1,
      accepted: 1,
      delivered: 1,
      read: 0,
      failed: 0,
      billable: { marketing: 0, ...zero },
      free: 1,
      cost: null,
      currency: 'USD',
    },
    {
      date: '2026-03-02',
      client: 'client-a',
      client_name: 'Acme',
      messages_in: 0,
      messages_out: 2,
      accepted: 2,
      delivered: 1,
      read: 1,
      failed: 1,
      billable: { marketing: 1, ...zero },
      free: 0,
      cost: 0.0107,
      currency: 'USD',
    },
    expect.objectContaining({
      date: '2026-03-02',
      client: 'unassigned',
      messages_out: 1,
      cost: null,
    }),
  ])
  expect(
    inspect({
      dataDir: h.dir,
      entity: 'analytics',
      client: 'client-a',
      since: Date.parse('2026-03-02'),
    }),
  ).toEqual([expect.objectContaining({ date: '2026-03-02', client: 'client-a', read: 1 })])
  expect(inspect({ dataDir: h.dir, entity: 'analytics', client: 'unassigned' })).toHaveLength(1)
})
