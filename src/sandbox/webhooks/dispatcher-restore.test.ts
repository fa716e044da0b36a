import { afterEach, describe, expect, it } from 'vitest'
import { createClock } from '../clock'
import { createWebhookDispatcher } from './dispatcher'
import type { DispatcherOptions, StoredDelivery } from './dispatcher-types'
import { statusEntry, statusObject } from './payloads'
import { startWebhookReceiver } from './receiver'

/** The dispatcher's side of surviving a restart: what it saves, lists and takes back. */
const SECRET = 'test-app-secret'
const options: DispatcherOptions = {
  batchMax: 100,
  batchWindowMs: 0,
  duplicateRate: 0,
  reorder: false,
  maxAttempts: 5,
  baseBackoffMs: 3_600_000,
}
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(respond: () => number, overrides: Partial<DispatcherOptions> = {}) {
  const receiver = await startWebhookReceiver({ appSecret: SECRET, respond })
  const clock = createClock(1)
  const saved: StoredDelivery[] = []
  const removed: number[] = []
  const dispatcher = createWebhookDispatcher({
    clock,
    target: () => ({ url: receiver.url, appSecret: SECRET }),
    options: () => ({ ...options, ...overrides }),
    store: { save: (d) => saved.push(d), remove: (id) => removed.push(id) },
  })
  cleanups.push(async () => {
    await dispatcher.close()
    await receiver.close()
  })
  return { receiver, dispatcher, clock, saved, removed }
}

const entry = statusEntry(
  '102290129340398',
  { displayPhoneNumber: '15550783881', phoneNumberId: '106540352242922' },
  statusObject({ wamid: 'wamid.1', status: 'sent', timestamp: '1', recipientId: '16315551181' }),
)

describe('webhook batches across a restart', () => {
  it('saves a batch as it starts waiting for a retry, with its attempts and due time', async () => {
    const { receiver, dispatcher, clock, saved } = await setup(() => 503)
    dispatcher.enqueue(entry)
    await receiver.waitFor(() => receiver.received.length === 2)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(saved).toHaveLength(1)
    const [waiting] = saved
    expect(waiting).toMatchObject({ attempts: 2, count: 1, duplicate: false })
    // Second retry: between half and all of the base backoff (one hour here).
    expect(waiting!.retryAt - clock.now()).toBeGreaterThan(1_700_000)
    expect(waiting!.retryAt - clock.now()).toBeLessThanOrEqual(3_600_000)
    expect(dispatcher.pending()).toEqual([waiting])
  })

  it('lists a batch still forming, so a shutdown does not lose it', async () => {
    const { dispatcher } = await setup(() => 200, { batchWindowMs: 60_000 })
    dispatcher.enqueue(entry)
    const [forming] = dispatcher.pending()
    expect(forming).toMatchObject({ attempts: 0, count: 1 })
    expect(JSON.parse(forming!.body.toString())).toMatchObject({
      object: 'whatsapp_business_account',
    })
  })

  it('retries a restored batch (at once when due) and removes it from the store once delivered', async () => {
    const { receiver, dispatcher, clock, removed } = await setup(() => 200)
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}')
    dispatcher.restore([
      {
        id: 41,
        url: receiver.url,
        body,
        count: 3,
        attempts: 4,
        waitedMs: 5_000,
        duplicate: false,
        retryAt: clock.now() - 1,
      },
    ])
    expect(dispatcher.stats().pending).toBe(3)
    await dispatcher.flushed()
    expect(receiver.received).toHaveLength(1)
    expect(receiver.received[0]?.signatureValid).toBe(true)
    expect(removed).toEqual([41])
    expect(dispatcher.stats().pending).toBe(0)
  })
})
