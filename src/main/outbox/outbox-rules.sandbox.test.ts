import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppErrorData, OutboxEntry } from '@shared/contract'
import { graphErrorInfo } from '@shared/whatsapp/error-codes'
import { businessTokenAccount } from '../secrets/secret-store'
import { startSendingHarness, type SendingHarness } from '../test-support/sending-harness'

const HOUR = 3_600_000

describe('outbox × sandbox: the window, paused clients, Meta’s refusals and rate limits', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  /** The outbox's clock runs this far ahead of the real one (a closed window without waiting). */
  let ahead = 0
  beforeAll(async () => {
    h = await startSendingHarness({ sending: { now: () => Date.now() + ahead } })
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  const refusal = async (input: Parameters<SendingHarness['send']>[0]) => {
    const result = await h.call('messages:send', { idempotencyKey: crypto.randomUUID(), ...input })
    expect(result.ok).toBe(false)
    return (result as { error: AppErrorData }).error
  }

  /** Sends straight to the sandbox with the client's token (another tool on the same number). */
  async function sendDirect(body: Record<string, unknown>) {
    const token = await h.secret(businessTokenAccount(client.wabaId))
    const res = await request(`${h.sandbox.url}/v25.0/${client.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
    })
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> }
  }

  it('refuses free-form messages outside the 24 h window before they reach Meta', async () => {
    const stranger = '15550002001'
    const never = await refusal({
      clientId: client.clientId,
      to: `+${stranger}`,
      content: { type: 'text', body: 'Hi there' },
    })
    expect(never).toMatchObject({ code: 'CONFLICT', details: { graphCode: 131047 } })
    expect(never.fix).toMatch(/template/)

    const customer = '15550002002'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    ahead = 25 * HOUR
    try {
      const closed = await refusal({
        conversationId,
        content: { type: 'text', body: 'Late reply' },
      })
      expect(closed).toMatchObject({ code: 'CONFLICT', details: { graphCode: 131047 } })
      expect(closed.message).toMatch(/24-hour/)
    } finally {
      ahead = 0
    }
    expect(await h.customerView(stranger, client.phoneNumberId)).toEqual([])
    expect(await h.customerView(customer, client.phoneNumberId)).toEqual([])
    expect((await h.ok<{ items: OutboxEntry[] }>('outbox:list', { conversationId })).items).toEqual(
      [],
    )
  })

  it('fails terminally with Meta’s reason, and a failed message can be withdrawn', async () => {
    const customer = '15550002003'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    const sent = await h.send({
      conversationId,
      content: { type: 'media', kind: 'image', mediaId: '999999999999999' },
    })
    const entry = await h.waitOutbox(sent.message!.id, (e) => e.state === 'failed')
    expect(entry).toMatchObject({
      attempts: 1,
      error: { code: 131009, title: graphErrorInfo(131009).title, retryable: false },
    })
    const [row] = await h.ok<{ status: string; error: { code: number; title: string } }[]>(
      'messages:get',
      { messageIds: [sent.message!.id] },
    )
    expect(row).toMatchObject({
      status: 'failed',
      error: { code: 131009, title: graphErrorInfo(131009).title },
    })
    const cancelled = await h.ok<OutboxEntry>('messages:cancel', { messageId: sent.message!.id })
    expect(cancelled).toMatchObject({ state: 'cancelled', messageId: sent.message!.id })
    expect(await h.ok('messages:get', { messageIds: [sent.message!.id] })).toEqual([])
    expect(await h.customerView(customer, client.phoneNumberId)).toEqual([])
  })

  it('backs off on 130429 (throughput) and sends once Meta accepts again', async () => {
    const customer = '15550002004'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['rate_limit'],
      endpoints: ['messages'],
      seed: 7,
    })
    let limited: OutboxEntry
    try {
      const sent = await h.send({ conversationId, content: { type: 'text', body: 'Busy day' } })
      limited = await h.waitOutbox(sent.message!.id, (e) => e.attempts >= 3 && e.state === 'queued')
      expect(limited.error).toMatchObject({ code: 130429, title: graphErrorInfo(130429).title })
      // Queued for later, not retried at once.
      expect(Date.parse(limited.nextAttemptAt!)).toBeGreaterThan(Date.parse(limited.updatedAt))
    } finally {
      await h.control('DELETE', 'faults')
    }
    const done = await h.waitOutbox(limited.messageId!, (e) => e.state === 'sent')
    const { injected } = await h.control<{ injected: Record<string, number> }>('GET', 'faults')
    expect(done.attempts).toBe((injected.rate_limit ?? 0) + 1)
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view.map((m) => m.id)).toEqual([done.wamid])
  })

  it('backs off on 131056 (pair rate) for Meta’s 4^X seconds, then sends once', async () => {
    const customer = '15550002005'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    // Another tool on the same number spends the pair's burst (45) behind the outbox's back.
    const direct: number[] = []
    for (let i = 0; i < 46; i++)
      direct.push(
        (await sendDirect({ to: customer, type: 'text', text: { body: `burst ${i}` } })).status,
      )
    expect(direct.filter((s) => s === 200)).toHaveLength(45)
    const sent = await h.send({
      conversationId,
      content: { type: 'text', body: 'After the burst' },
    })
    const limited = await h.waitOutbox(sent.message!.id, (e) => e.error?.code === 131056)
    expect(limited).toMatchObject({ state: 'queued', attempts: 1 })
    // Meta's 4^0 = 1 s wait before the next try.
    expect(
      Date.parse(limited.nextAttemptAt!) - Date.parse(limited.updatedAt),
    ).toBeGreaterThanOrEqual(1_000)
    // One pair token comes back every 6 s: six seconds pass for Meta and for the outbox.
    await h.control('POST', 'clock', { advance_seconds: 6 })
    ahead += 6_000
    const done = await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    expect(done.attempts).toBe(2)
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view.filter((m) => m.id === done.wamid)).toHaveLength(1)
    expect(view).toHaveLength(46)
  })

  it('does not send for a client paused by onboarding health, and sends once it is re-authorized', async () => {
    const paused = await h.client('Paused Shop')
    const customer = '15550002006'
    const { conversationId } = await h.customerWrites(paused.phoneNumberId, customer)
    // A message waits in the queue (Meta is failing) when the client's token is revoked.
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['messages'],
      seed: 3,
    })
    let messageId: number
    try {
      const sent = await h.send({ conversationId, content: { type: 'text', body: 'Held back' } })
      messageId = sent.message!.id
      await h.waitOutbox(messageId, (e) => e.attempts >= 1 && e.state === 'queued')
      const token = (await h.secret(businessTokenAccount(paused.wabaId)))!
      await h.control('POST', 'tokens/revoke', { access_token: token })
    } finally {
      await h.control('DELETE', 'faults')
    }
    // Until onboarding health notices, Meta answers 190: the message waits, it does not fail.
    const [health] = await h.ok<{ paused: boolean }[]>('clients:check-health', {
      clientId: paused.clientId,
    })
    expect(health).toMatchObject({ paused: true })
    const held = await h.waitOutbox(messageId, (e) => e.error?.title === 'Paused')
    expect(held.state).toBe('queued')
    const refused = await refusal({ conversationId, content: { type: 'text', body: 'New one' } })
    expect(refused).toMatchObject({ code: 'CONFLICT' })
    expect(refused.message).toMatch(/paused/)
    expect(await h.customerView(customer, paused.phoneNumberId)).toEqual([])

    // Re-authorize (Embedded Signup again for the same WABA and number): the queue goes out.
    const again = await h.signup({ business_name: 'Paused Shop' })
    const events = again.events.map((e) => ({
      ...e,
      data: {
        ...(e.data as object),
        waba_id: paused.wabaId,
        phone_number_id: paused.phoneNumberId,
      },
    }))
    await h.submit({ ...again, events }, { clientId: paused.clientId })
    await h.ok('clients:check-health', { clientId: paused.clientId })
    const done = await h.waitOutbox(messageId, (e) => e.state === 'sent')
    expect((await h.customerView(customer, paused.phoneNumberId)).map((m) => m.id)).toEqual([
      done.wamid,
    ])
  })

  it('sends Meta’s read receipt for the newest inbound message', async () => {
    const customer = '15550002007'
    await h.customerWrites(client.phoneNumberId, customer, { type: 'text', text: { body: 'One' } })
    const { conversationId, wamid } = await h.customerWrites(client.phoneNumberId, customer, {
      type: 'text',
      text: { body: 'Two' },
    })
    const read = await h.ok<{ receiptFor: string; conversation: { unreadCount: number } }>(
      'messages:mark-read',
      { conversationId },
    )
    expect(read).toMatchObject({ receiptFor: wamid, conversation: { unreadCount: 0 } })
    const view = await h.control<{ messages: { sender: string; status: string }[] }>(
      'GET',
      `customers/${customer}?phone_number_id=${client.phoneNumberId}`,
    )
    expect(view.messages.filter((m) => m.sender === 'customer').map((m) => m.status)).toEqual([
      'read',
      'read',
    ])
  })
})
