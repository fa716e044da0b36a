import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxEntry } from '@shared/contract'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'

/**
 * The limits are counted, not timed: the outbox's clock stands still unless the test moves it, so
 * what may be sent "in this second" is exactly what the rate model allows, however fast or slow
 * the machine is.
 */
describe('outbox × sandbox: per-number throughput and the pair rate are honoured', () => {
  let h: SendingHarness
  let clock = Date.now()
  beforeAll(async () => {
    h = await startSendingHarness({ sending: { now: () => clock } })
  })
  afterAll(async () => h?.stop())

  const states = async (conversationIds: number[]) => {
    const counts: Record<string, number> = {}
    for (const conversationId of conversationIds) {
      const { items } = await h.ok<{ items: OutboxEntry[] }>('outbox:list', { conversationId })
      for (const item of items) counts[item.state] = (counts[item.state] ?? 0) + 1
    }
    return counts
  }
  /** Waits for `sent` to reach `n`, then gives the worker a few more turns to overshoot. */
  async function sentSettlesAt(conversationIds: number[], n: number) {
    await poll(async () => ((await states(conversationIds)).sent === n ? true : null), `${n} sent`)
    await new Promise((resolve) => setTimeout(resolve, 400))
    return states(conversationIds)
  }

  it('sends at most the configured messages per second from a number', async () => {
    const client = await h.client()
    expect(
      await h.ok('outbox:set-throughput', { phoneNumberId: client.phoneNumberId, mps: 5 }),
    ).toEqual({ phoneNumberId: client.phoneNumberId, mps: 5 })
    expect(await h.ok('outbox:settings')).toMatchObject({
      defaultMps: 80,
      numbers: expect.arrayContaining([{ phoneNumberId: client.phoneNumberId, mps: 5 }]),
    })
    const conversations: number[] = []
    for (let i = 0; i < 12; i++)
      conversations.push(
        (await h.customerWrites(client.phoneNumberId, `1555000500${String(i).padStart(2, '0')}`))
          .conversationId,
      )
    for (const conversationId of conversations)
      await h.send({ conversationId, content: { type: 'text', body: 'Flash sale' } })

    expect(await sentSettlesAt(conversations, 5)).toEqual({ sent: 5, queued: 7 })
    clock += 1_000
    expect(await sentSettlesAt(conversations, 10)).toEqual({ sent: 10, queued: 2 })
    clock += 1_000
    expect(await sentSettlesAt(conversations, 12)).toEqual({ sent: 12 })
  })

  it('one number’s backlog never keeps another number’s messages waiting', async () => {
    const approved = async () => {
      const c = await h.client()
      const t = await h.ok<{ id: number }>('templates:create', {
        clientId: c.clientId,
        name: 'notice',
        language: 'en_US',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Your order has shipped.' }],
      })
      await poll(async () => {
        const list = await h.ok<{ templates: { id: number; status: string }[] }>('templates:list', {
          clientId: c.clientId,
        })
        return list.templates.some((x) => x.id === t.id && x.status === 'APPROVED') ? true : null
      }, 'the template approved')
      return c
    }
    const busy = await approved()
    const quiet = await approved()
    await h.ok('outbox:set-throughput', { phoneNumberId: busy.phoneNumberId, mps: 1 })
    const notice = { type: 'template', name: 'notice', language: 'en_US' } as const
    // A broadcast far longer than the worker reads at once, on a number allowed 1 per second.
    for (let i = 0; i < 300; i++)
      await h.send({
        clientId: busy.clientId,
        to: `1555100${String(i).padStart(4, '0')}`,
        content: notice,
      })
    const other = await h.send({ clientId: quiet.clientId, to: '15552000001', content: notice })
    await h.waitOutbox(other.message!.id, (e) => e.state === 'sent')
    const { items } = await h.ok<{ items: OutboxEntry[] }>('outbox:list', { limit: 1000 })
    const busyStates = items.filter((e) => e.clientId === busy.clientId).map((e) => e.state)
    expect(busyStates.filter((s) => s === 'sent')).toHaveLength(1)
    expect(busyStates.filter((s) => s === 'queued')).toHaveLength(299)
  })

  it('follows Meta’s THROUGHPUT_UPGRADE webhook to 1,000 messages per second', async () => {
    const client = await h.client()
    await h.control('POST', `phones/${client.phoneNumberId}/quality`, {
      event: 'THROUGHPUT_UPGRADE',
    })
    await poll(async () => {
      const settings = await h.ok<{ numbers: { phoneNumberId: string; mps: number }[] }>(
        'outbox:settings',
      )
      return settings.numbers.some(
        (n) => n.phoneNumberId === client.phoneNumberId && n.mps === 1000,
      )
        ? true
        : null
    }, 'the number at 1,000 mps')
  })

  it('sends a customer Meta’s burst of 45, then one per 6 seconds', async () => {
    const client = await h.client()
    const customer = '15550005100'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    for (let i = 0; i < 47; i++)
      await h.send({ conversationId, content: { type: 'text', body: `Update ${i}` } })

    expect(await sentSettlesAt([conversationId], 45)).toEqual({ sent: 45, queued: 2 })
    // Six seconds later, for the outbox and for Meta.
    clock += 6_000
    await h.control('POST', 'clock', { advance_seconds: 6 })
    expect(await sentSettlesAt([conversationId], 46)).toEqual({ sent: 46, queued: 1 })
    clock += 6_000
    await h.control('POST', 'clock', { advance_seconds: 6 })
    expect(await sentSettlesAt([conversationId], 47)).toEqual({ sent: 47 })
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view).toHaveLength(47)
    // Never refused by Meta: the outbox stayed under the limit on its own.
    const { items } = await h.ok<{ items: OutboxEntry[] }>('outbox:list', { conversationId })
    expect(items.every((item) => item.attempts === 1)).toBe(true)
  })
})
