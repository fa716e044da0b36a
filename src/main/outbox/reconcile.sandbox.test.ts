import { createServer } from 'node:net'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { businessTokenAccount } from '../secrets/secret-store'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { startSendingHarness, type SendingHarness } from '../test-support/sending-harness'
import { enqueue } from './enqueue'
import { setState } from './repo'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/**
 * A crash between handing a message to Meta and recording Meta's answer leaves the outbox row in
 * `sending`. These tests make exactly that state (the core is stopped first, as a crash would stop
 * it) and check the reconciliation rule on the customer's phone: never a second send.
 */
describe('outbox × sandbox: a crash between send and record reconciles with no second send', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    // Like Meta's callback URL, the embedded relay keeps its address across restarts; webhook
    // retries slow enough to span a restart of the core (and its relay).
    h = await startSendingHarness({
      seed: { webhooks: { base_backoff_ms: 200_000 } },
      env: { RELAY_PORT: String(await freePort()) },
    })
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  /** What the stopped core left: the message row and its outbox row, `sending`, attempt 1. */
  function leftSending(conversationId: number, body: string) {
    const { db } = openDatabase({ file: join(h.dataDir, DATABASE_FILE) })
    try {
      const now = Date.now()
      const { record } = enqueue(
        db,
        { conversationId, idempotencyKey: crypto.randomUUID(), content: { type: 'text', body } },
        now,
      )
      setState(
        db,
        record.id,
        ['queued'],
        { state: 'sending', attempts: 1, sending_since: now },
        now,
      )
      return record
    } finally {
      db.close()
    }
  }

  it('Meta accepted it before the crash: the status webhook carrying the outbox id settles it', async () => {
    const customer = '15550004001'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    await h.stopCore()
    const record = leftSending(conversationId, 'Sent just before the crash')
    // The request the crashed core had already made: Meta accepted it.
    const token = await h.secret(businessTokenAccount(client.wabaId))
    const res = await request(`${h.sandbox.url}/v25.0/${client.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        ...(JSON.parse(record.payload) as object),
        to: record.recipient,
        biz_opaque_callback_data: record.id,
      }),
    })
    const accepted = (await res.body.json()) as { messages: { id: string }[] }
    const wamid = accepted.messages[0]!.id
    await h.startCore()

    const settled = await h.waitOutbox(record.message_id!, (e) => e.state === 'sent')
    expect(settled).toMatchObject({ wamid, attempts: 1, error: null })
    const [row] = await h.ok<{ wamid: string; status: string }[]>('messages:get', {
      messageIds: [record.message_id],
    })
    expect(row!.wamid).toBe(wamid)
    expect(['sent', 'delivered', 'read']).toContain(row!.status)
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view.map((m) => m.id)).toEqual([wamid])
    // Quiet for a while longer: still one message on the customer's phone.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(await h.customerView(customer, client.phoneNumberId)).toHaveLength(1)
  })

  it('Meta never got it: after the window it fails as not confirmed, and only a retry by hand sends it', async () => {
    const customer = '15550004002'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    await h.stopCore()
    const record = leftSending(conversationId, 'Lost in the crash')
    await h.startCore()
    const failed = await h.waitOutbox(record.message_id!, (e) => e.state === 'failed')
    expect(failed).toMatchObject({
      attempts: 1,
      error: { title: 'Not confirmed', retryable: true },
    })
    expect(await h.customerView(customer, client.phoneNumberId)).toEqual([])

    await h.ok('messages:retry', { messageId: record.message_id })
    const sent = await h.waitOutbox(record.message_id!, (e) => e.state === 'sent')
    expect((await h.customerView(customer, client.phoneNumberId)).map((m) => m.id)).toEqual([
      sent.wamid,
    ])
  })

  it('an answer lost to a timeout is never re-sent on its own', async () => {
    const customer = '15550004003'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['timeout'],
      endpoints: ['messages'],
      seed: 5,
    })
    let messageId: number
    try {
      const sent = await h.send({ conversationId, content: { type: 'text', body: 'Slow network' } })
      messageId = sent.message!.id
      const failed = await h.waitOutbox(messageId, (e) => e.state === 'failed')
      expect(failed).toMatchObject({ attempts: 1, error: { title: 'Not confirmed' } })
    } finally {
      await h.control('DELETE', 'faults')
    }
    // On the way: the timeout left it `sending` (unconfirmed), never queued again.
    const states = h
      .events('outbox:changed')
      .flatMap((e) => e.items)
      .filter((item) => item.messageId === messageId)
      .map((item) => [item.state, item.error?.title ?? null])
    expect(states).toEqual([
      ['queued', null],
      ['sending', 'timeout'],
      ['failed', 'Not confirmed'],
    ])
    const { injected } = await h.control<{ injected: Record<string, number> }>('GET', 'faults')
    expect(injected.timeout).toBe(1)
    expect(await h.customerView(customer, client.phoneNumberId)).toEqual([])
  })
})
