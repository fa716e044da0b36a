import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboundMessage } from '../graph'
import { failure } from '../test-support/failure'
import { startGraphHarness, type GraphHarness } from '../test-support/graph-harness'

describe('Graph client × sandbox: messages', () => {
  let h: GraphHarness
  beforeAll(async () => (h = await startGraphHarness()))
  afterAll(async () => h?.stop())

  it('sends every message type inside the customer service window', async () => {
    const c = await h.readyToMessage('15551230010')
    const first = await h.graph.messages.send(c.wabaId, c.phoneId, {
      to: c.customer,
      type: 'text',
      text: { body: 'Hello from the console' },
    })
    expect(first.contacts[0]).toMatchObject({ input: c.customer, wa_id: c.customer })
    const wamid = first.messages[0]!.id
    expect(wamid).toMatch(/^wamid\./)

    const link = 'https://example.com/files/'
    const messages: OutboundMessage[] = [
      {
        to: c.customer,
        type: 'text',
        text: { body: 'See https://example.com', preview_url: true },
        context: { message_id: wamid },
      },
      { to: c.customer, type: 'image', image: { link: `${link}photo.jpg`, caption: 'Your order' } },
      {
        to: c.customer,
        type: 'document',
        document: { link: `${link}invoice.pdf`, filename: 'invoice.pdf', caption: 'Invoice' },
      },
      { to: c.customer, type: 'audio', audio: { link: `${link}note.mp3` } },
      { to: c.customer, type: 'video', video: { link: `${link}clip.mp4`, caption: 'How to' } },
      { to: c.customer, type: 'sticker', sticker: { link: `${link}smile.webp` } },
      {
        to: c.customer,
        type: 'location',
        location: {
          latitude: '37.4421',
          longitude: '-122.1615',
          name: 'Store',
          address: '1 Main St',
        },
      },
      {
        to: c.customer,
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'Ana Silva', first_name: 'Ana' },
            phones: [{ phone: '+15551234567', type: 'WORK' }],
          },
        ],
      },
      {
        to: c.customer,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Confirm your booking?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
            ],
          },
        },
      },
      {
        to: c.customer,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Pick a slot' },
          action: {
            button: 'Slots',
            sections: [
              { title: 'Morning', rows: [{ id: 's1', title: '9:00', description: 'Early' }] },
            ],
          },
        },
      },
      {
        to: c.customer,
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          body: { text: 'Track it' },
          action: {
            name: 'cta_url',
            parameters: { display_text: 'Track', url: 'https://example.com/t' },
          },
        },
      },
      { to: c.customer, type: 'reaction', reaction: { message_id: wamid, emoji: '👍' } },
    ]
    for (const message of messages) {
      const result = await h.graph.messages.send(c.wabaId, c.phoneId, message)
      expect(result.messages[0]!.id, message.type).toMatch(/^wamid\./)
    }
  })

  it('marks a customer message read and shows typing', async () => {
    const c = await h.readyToMessage('15551230011')
    const inbound = await h.control<{ id: string }>('POST', 'customers/messages', {
      phone_number_id: c.phoneId,
      from: c.customer,
      type: 'text',
      text: { body: 'Are you open today?' },
    })
    expect(await h.graph.messages.markRead(c.wabaId, c.phoneId, inbound.id)).toMatchObject({
      success: true,
    })
    expect(await h.graph.messages.markRead(c.wabaId, c.phoneId, inbound.id, true)).toMatchObject({
      success: true,
    })
  })

  it('refuses free text outside the 24 h window with 131047 and says to send a template', async () => {
    const c = await h.readyToMessage('15551230012')
    await h.control('POST', 'clock', { advance_seconds: 24 * 3600 + 60 })
    const error = await failure(
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: c.customer,
        type: 'text',
        text: { body: 'Still there?' },
      }),
    )
    expect(error).toMatchObject({ code: 'GRAPH', retryable: false, details: { graphCode: 131047 } })
    expect(error.fix).toMatch(/template/)
  })

  it('reports Meta’s validation errors (text longer than 4,096 characters)', async () => {
    const c = await h.readyToMessage('15551230013')
    const error = await failure(
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: c.customer,
        type: 'text',
        text: { body: 'x'.repeat(4097) },
      }),
    )
    expect(error).toMatchObject({ code: 'GRAPH', retryable: false })
    expect([100, 131009]).toContain(error.details?.graphCode)
  })

  it('sends an approved template outside the window; an unknown template gives 132001', async () => {
    const c = await h.onboard()
    await h.graph.phoneNumbers.register(c.wabaId, c.phoneId, '123456')
    const created = await h.graph.templates.create(c.wabaId, {
      name: 'order_update',
      language: 'en_US',
      category: 'utility',
      components: [
        {
          type: 'BODY',
          text: 'Your order {{1}} has shipped.',
          example: { body_text: [['A-1001']] },
        },
      ],
    })
    await h.control('POST', `templates/${created.id}/status`, { status: 'APPROVED' })
    const sent = await h.graph.messages.send(c.wabaId, c.phoneId, {
      to: '15551230014',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1001' }] }],
      },
    })
    expect(sent.messages[0]!.id).toMatch(/^wamid\./)
    const unknown = await failure(
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: '15551230014',
        type: 'template',
        template: { name: 'nope', language: { code: 'en_US' } },
      }),
    )
    expect(unknown.details).toMatchObject({ graphCode: 132001 })
  })

  it('refuses sends from an unregistered number with 133010', async () => {
    const c = await h.onboard()
    const error = await failure(
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: '15551230015',
        type: 'text',
        text: { body: 'hi' },
      }),
    )
    expect(error.details).toMatchObject({ graphCode: 133010 })
    expect(error.fix).toMatch(/Register/)
  })

  it('surfaces the pair rate limit (131056) at once, leaving the 4^X s wait to the outbox', async () => {
    const c = await h.readyToMessage('15551230016')
    const send = () =>
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: c.customer,
        type: 'text',
        text: { body: 'burst' },
      })
    for (let i = 0; i < 45; i++) await send()
    const before = await h.control<{ graph_requests: number }>('GET', 'stats')
    const error = await failure(send())
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      details: { graphCode: 131056 },
    })
    const after = await h.control<{ graph_requests: number }>('GET', 'stats')
    expect(after.graph_requests - before.graph_requests).toBe(1)
  })

  it('reports 130429 as a retryable rate limit when the call’s retry budget runs out', async () => {
    const c = await h.readyToMessage('15551230018')
    await h.control('POST', 'config', { throughput: 1 })
    try {
      const once = h.client({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 })
      await once.messages
        .send(c.wabaId, c.phoneId, { to: c.customer, type: 'text', text: { body: 'first' } })
        .catch(() => undefined)
      const error = await failure(
        once.messages.send(c.wabaId, c.phoneId, {
          to: c.customer,
          type: 'text',
          text: { body: 'second' },
        }),
      )
      expect(error).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
        details: { graphCode: 130429 },
      })
    } finally {
      await h.control('POST', 'config', { throughput: 80 })
    }
  })

  it('retries the throughput limit (130429) within the call and gets through', async () => {
    const c = await h.readyToMessage('15551230017')
    await h.control('POST', 'config', { throughput: 3 })
    try {
      // 8 different customers at once: more than 3 per second, so some answers are 130429.
      const customers = Array.from({ length: 8 }, (_, i) => `1555124${String(i).padStart(4, '0')}`)
      for (const customer of customers) {
        await h.control('POST', 'customers/messages', {
          phone_number_id: c.phoneId,
          from: customer,
          type: 'text',
          text: { body: 'hi' },
        })
      }
      // Production-like backoff: retries spread over seconds, so the next second's quota is used.
      const patient = h.client({
        maxAttempts: 8,
        baseDelayMs: 250,
        maxDelayMs: 1000,
        budgetMs: 10_000,
      })
      const before = await h.control<{ messages: { rejected: number } }>('GET', 'stats')
      const results = await Promise.allSettled(
        customers.map((to) =>
          patient.messages.send(c.wabaId, c.phoneId, { to, type: 'text', text: { body: 'reply' } }),
        ),
      )
      const after = await h.control<{ messages: { rejected: number } }>('GET', 'stats')
      // Some attempts were refused with 130429 and retried by the client.
      expect(after.messages.rejected - before.messages.rejected).toBeGreaterThan(0)
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    } finally {
      await h.control('POST', 'config', { throughput: 80 })
    }
  })
})
