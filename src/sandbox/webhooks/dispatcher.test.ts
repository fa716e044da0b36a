import { afterEach, describe, expect, it } from 'vitest'
import { webhookEnvelopeSchema } from '@shared/whatsapp/webhook-schema'
import { createClock } from '../clock'
import { seededRandom } from '@shared/random'
import {
  createWebhookDispatcher,
  type DispatchLogEvent,
  type DispatcherOptions,
  type WebhookDispatcher,
} from './dispatcher'
import { partnerAddedEntry, statusEntry, statusObject } from './payloads'
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './receiver'
import { verifySignature } from '@server-kit/crypto/webhook-signature'

const SECRET = 'test-app-secret'
const phone = { displayPhoneNumber: '15550783881', phoneNumberId: '106540352242922' }

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const baseOptions: DispatcherOptions = {
  batchMax: 100,
  batchWindowMs: 50,
  duplicateRate: 0,
  reorder: false,
  maxAttempts: 5,
  baseBackoffMs: 1_000,
}

async function setup(
  overrides: Partial<DispatcherOptions> = {},
  receiverOptions: Parameters<typeof startWebhookReceiver>[0] = { appSecret: SECRET },
  seed = 1,
  timeScale = 0.00001,
) {
  const receiver = await startWebhookReceiver(receiverOptions)
  // 1 nominal second = 0.01 real ms: backoff and batch windows shrink, the logic does not.
  const clock = createClock(timeScale)
  const logs: DispatchLogEvent[] = []
  const options = { ...baseOptions, ...overrides }
  const dispatcher = createWebhookDispatcher({
    clock,
    target: () => ({ url: receiver.url, appSecret: SECRET }),
    options: () => options,
    log: (event) => logs.push(event),
    random: seededRandom(seed),
  })
  cleanups.push(async () => {
    await dispatcher.close()
    await receiver.close()
  })
  return { receiver, dispatcher, logs, clock, options }
}

function status(n: number, wabaId = '102290129340398') {
  return statusEntry(
    wabaId,
    phone,
    statusObject({
      wamid: `wamid.${n}`,
      status: 'sent',
      timestamp: '1750263773',
      recipientId: '16315551181',
    }),
  )
}

/** The wamids in a received body, in order. */
function wamids(record: ReceivedWebhook): string[] {
  const env = webhookEnvelopeSchema.parse(record.body)
  return env.entry.flatMap((e) =>
    e.changes.flatMap((c) =>
      c.field === 'messages'
        ? ((c.value as { statuses?: { id: string }[] }).statuses ?? []).map((s) => s.id)
        : [],
    ),
  )
}

const allWamids = (receiver: WebhookReceiver) => receiver.received.flatMap(wamids)

function enqueueMany(dispatcher: WebhookDispatcher, n: number) {
  for (let i = 0; i < n; i++) dispatcher.enqueue(status(i))
}

describe('webhook dispatcher', () => {
  it('POSTs a signed, schema-valid batch grouped per WABA', async () => {
    const { receiver, dispatcher } = await setup()
    dispatcher.enqueue(status(1, 'waba-a'))
    dispatcher.enqueue(status(2, 'waba-b'))
    dispatcher.enqueue(status(3, 'waba-a'))
    await dispatcher.flushed()

    expect(receiver.received).toHaveLength(1)
    const [post] = receiver.received
    expect(post!.headers['content-type']).toBe('application/json')
    expect(verifySignature(post!.raw, post!.headers['x-hub-signature-256'], SECRET)).toBe(true)
    expect(verifySignature(post!.raw, post!.headers['x-hub-signature-256'], 'wrong')).toBe(false)
    const env = webhookEnvelopeSchema.parse(post!.body)
    expect(env.entry.map((e) => [e.id, e.changes.length])).toEqual([
      ['waba-a', 2],
      ['waba-b', 1],
    ])
    expect(env.entry.every((e) => e.time === undefined)).toBe(true)
    expect(dispatcher.stats()).toMatchObject({ delivered: 3, pending: 0, posts: 1, failed: 0 })
  })

  it('gives management fields their own entry with a numeric time', async () => {
    const { receiver, dispatcher } = await setup()
    dispatcher.enqueue(
      partnerAddedEntry({ partnerBusinessId: 'partner-1', wabaId: 'w1', ownerBusinessId: 'o1' }),
    )
    dispatcher.enqueue(status(1, 'w1'))
    await dispatcher.flushed()
    const env = webhookEnvelopeSchema.parse(receiver.received[0]!.body)
    const partner = env.entry.find((e) => e.id === 'partner-1')
    expect(typeof partner?.time).toBe('number')
    expect(partner?.changes[0]?.field).toBe('account_update')
    expect(env.entry.find((e) => e.id === 'w1')?.time).toBeUndefined()
  })

  it('never puts more than batchMax changes in one POST', async () => {
    const { receiver, dispatcher } = await setup({ batchMax: 10 })
    enqueueMany(dispatcher, 35)
    await dispatcher.flushed()
    const sizes = receiver.received.map((r) => wamids(r).length)
    expect(sizes).toEqual([10, 10, 10, 5])
    expect(dispatcher.stats().delivered).toBe(35)
  })

  it('caps batchMax at Meta’s 1000 updates per POST', async () => {
    const { receiver, dispatcher } = await setup(
      { batchMax: 5_000 },
      { appSecret: SECRET, keep: false },
    )
    enqueueMany(dispatcher, 1_500)
    await dispatcher.flushed()
    expect(receiver.count()).toBe(2)
    expect(receiver.changeCount()).toBe(1_500)
  })

  it('splits batches so no body exceeds maxBatchBytes', async () => {
    const { receiver, dispatcher } = await setup({ maxBatchBytes: 2_000 })
    enqueueMany(dispatcher, 30)
    await dispatcher.flushed()
    expect(receiver.received.length).toBeGreaterThan(1)
    for (const r of receiver.received) expect(r.raw.length).toBeLessThanOrEqual(2_000)
    expect(allWamids(receiver)).toHaveLength(30)
  })

  it('retries a callback answering 500 — at once, then with increasing delays — until it answers 200', async () => {
    const { receiver, dispatcher, logs } = await setup(
      { maxAttempts: 10 },
      { appSecret: SECRET, respond: (i) => (i < 4 ? 500 : 200) },
    )
    enqueueMany(dispatcher, 3)
    await dispatcher.flushed()

    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500, 500, 200])
    // Every retry re-sends the same signed bytes.
    expect(new Set(receiver.received.map((r) => r.raw.toString())).size).toBe(1)
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true)
    const delays = logs.flatMap((l) => (l.kind === 'retry' ? [l.delayMs] : []))
    expect(delays).toHaveLength(4)
    expect(delays[0]).toBe(0)
    for (let i = 2; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!)
    expect(delays[1]!).toBeGreaterThan(0)
    expect(dispatcher.stats()).toMatchObject({ delivered: 3, retried: 4, failed: 0, pending: 0 })
  })

  it('gives up after maxAttempts and counts the changes as failed', async () => {
    const { receiver, dispatcher, logs } = await setup(
      { maxAttempts: 3 },
      { appSecret: SECRET, respond: () => 503 },
    )
    enqueueMany(dispatcher, 2)
    await dispatcher.flushed()
    expect(receiver.count()).toBe(3)
    expect(dispatcher.stats()).toMatchObject({ delivered: 0, failed: 2, retried: 2, pending: 0 })
    expect(logs.some((l) => l.kind === 'drop' && l.count === 2)).toBe(true)
  })

  it('stops retrying when the nominal backoff would pass Meta’s 7 days', async () => {
    const { dispatcher, logs } = await setup(
      { maxAttempts: 1_000, baseBackoffMs: 24 * 60 * 60 * 1000 },
      { appSecret: SECRET, respond: () => 500 },
      1,
      1e-9,
    )
    enqueueMany(dispatcher, 1)
    await dispatcher.flushed()
    const waited = logs
      .flatMap((l) => (l.kind === 'retry' ? [l.delayMs] : []))
      .reduce((a, b) => a + b, 0)
    expect(waited).toBeLessThanOrEqual(7 * 24 * 60 * 60 * 1000)
    expect(dispatcher.stats().failed).toBe(1)
    expect(dispatcher.stats().posts).toBeLessThan(1_000)
  })

  it('treats a timeout as a failed attempt and retries', async () => {
    const { receiver, dispatcher } = await setup(
      { requestTimeoutMs: 200 },
      { appSecret: SECRET, respond: (i) => (i === 0 ? 'hang' : 200) },
    )
    enqueueMany(dispatcher, 1)
    await dispatcher.flushed()
    expect(receiver.count()).toBe(2)
    expect(dispatcher.stats()).toMatchObject({ delivered: 1, retried: 1 })
  })

  it('treats a refused connection as a failed attempt', async () => {
    const dead = await startWebhookReceiver({ appSecret: SECRET })
    const deadUrl = dead.url
    await dead.close()
    const { dispatcher, logs } = await setup({ maxAttempts: 2 })
    dispatcher.enqueue({ ...status(1), url: deadUrl })
    await dispatcher.flushed()
    expect(dispatcher.stats()).toMatchObject({ failed: 1, delivered: 0 })
    expect(logs.some((l) => l.kind === 'post' && l.status === null && l.error)).toBe(true)
  })

  it('sends an entry with an override URL there and not to the app URL', async () => {
    const other = await startWebhookReceiver({ appSecret: SECRET })
    cleanups.push(() => other.close())
    const { receiver, dispatcher } = await setup()
    dispatcher.enqueue({ ...status(1), url: other.url })
    dispatcher.enqueue(status(2))
    await dispatcher.flushed()
    expect(other.received.flatMap(wamids)).toEqual(['wamid.1'])
    expect(allWamids(receiver)).toEqual(['wamid.2'])
  })

  it('drops entries when no callback URL is configured', async () => {
    const clock = createClock(0.00001)
    const dispatcher = createWebhookDispatcher({
      clock,
      target: () => ({ url: null, appSecret: SECRET }),
      options: () => baseOptions,
    })
    dispatcher.enqueue(status(1))
    await dispatcher.flushed()
    expect(dispatcher.stats()).toMatchObject({ dropped: 1, pending: 0, posts: 0 })
    await dispatcher.close()
  })

  it('delivers every batch again when duplicateRate is 1, and never when it is 0', async () => {
    const dup = await setup({ duplicateRate: 1, batchMax: 5 })
    enqueueMany(dup.dispatcher, 10)
    await dup.dispatcher.flushed()
    const seen = allWamids(dup.receiver)
    expect(seen).toHaveLength(20)
    for (let i = 0; i < 10; i++) expect(seen.filter((w) => w === `wamid.${i}`)).toHaveLength(2)
    expect(dup.dispatcher.stats()).toMatchObject({ delivered: 10, duplicates: 10 })

    const none = await setup({ duplicateRate: 0, batchMax: 5 })
    enqueueMany(none.dispatcher, 10)
    await none.dispatcher.flushed()
    expect(allWamids(none.receiver).sort()).toEqual(
      [...Array(10).keys()].map((i) => `wamid.${i}`).sort(),
    )
    expect(none.dispatcher.stats().duplicates).toBe(0)
  })

  it('keeps FIFO order when reorder is off', async () => {
    const { receiver, dispatcher } = await setup({ reorder: false, batchMax: 5, maxInFlight: 1 })
    enqueueMany(dispatcher, 50)
    await dispatcher.flushed()
    expect(allWamids(receiver)).toEqual([...Array(50).keys()].map((i) => `wamid.${i}`))
  })

  it('shuffles changes within and between batches when reorder is on', async () => {
    const { receiver, dispatcher } = await setup({ reorder: true, batchMax: 5, maxInFlight: 1 })
    enqueueMany(dispatcher, 50)
    await dispatcher.flushed()
    const order = allWamids(receiver)
    const expected = [...Array(50).keys()].map((i) => `wamid.${i}`)
    expect(order).not.toEqual(expected)
    expect([...order].sort()).toEqual([...expected].sort())
    // Between batches: the first POST is not the first five enqueued.
    const firstBatch = wamids(receiver.received[0]!).sort()
    expect(firstBatch).not.toEqual(expected.slice(0, 5).sort())
  })
})

describe('webhook dispatcher as the server’s WebhookSink', () => {
  it('accepts {entryId, time, url} deliveries and keeps the given time', async () => {
    const { receiver, dispatcher } = await setup()
    dispatcher.enqueue({
      entryId: 'partner-9',
      field: 'account_update',
      value: { event: 'PARTNER_ADDED', waba_info: { waba_id: 'w9', owner_business_id: 'o9' } },
      time: 1744823932,
      url: receiver.url,
    })
    await dispatcher.flushed()
    const env = webhookEnvelopeSchema.parse(receiver.received[0]!.body)
    expect(env.entry).toEqual([
      {
        id: 'partner-9',
        time: 1744823932,
        changes: [
          {
            field: 'account_update',
            value: {
              event: 'PARTNER_ADDED',
              waba_info: { waba_id: 'w9', owner_business_id: 'o9' },
            },
          },
        ],
      },
    ])
  })
})
