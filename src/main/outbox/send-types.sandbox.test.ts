import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MessageRow, SendInput } from '@shared/contract'
import { inspect } from '../inspect/inspect'
import { startSendingHarness, type SendingHarness } from '../test-support/sending-harness'

type Content = SendInput['content']

describe('outbox × sandbox: every send type reaches the customer exactly as composed', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    h = await startSendingHarness()
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  /** Sends, waits for Meta's acceptance, returns the message row and the customer's copy. */
  async function deliver(
    conversationId: number,
    customer: string,
    content: Content,
    replyTo?: number,
  ) {
    const sent = await h.send({ conversationId, content, ...(replyTo ? { replyTo } : {}) })
    expect(sent.duplicate).toBe(false)
    expect(sent.message).toMatchObject({ direction: 'out', source: 'outbox', status: 'pending' })
    const entry = await h.waitOutbox(
      sent.message!.id,
      (e) => e.state !== 'queued' && e.state !== 'sending',
    )
    expect(entry).toMatchObject({ state: 'sent', attempts: 1, error: null })
    const view = await h.customerView(customer, client.phoneNumberId)
    const copy = view.find((m) => m.id === entry.wamid)
    expect(copy, `the customer sees ${entry.wamid}`).toBeDefined()
    const [row] = await h.ok<MessageRow[]>('messages:get', { messageIds: [sent.message!.id] })
    return { row: row!, payload: copy!.payload! }
  }

  it('text with a link preview, media by link, location, contacts, interactive, reaction and a reply', async () => {
    const customer = '15550001001'
    const { conversationId, wamid: inbound } = await h.customerWrites(
      client.phoneNumberId,
      customer,
    )
    const text = await deliver(conversationId, customer, {
      type: 'text',
      body: 'Your order ships today: https://example.com/track/1',
      previewUrl: true,
    })
    expect(text.payload).toMatchObject({
      type: 'text',
      text: { body: 'Your order ships today: https://example.com/track/1', preview_url: true },
      biz_opaque_callback_data: expect.any(String),
    })
    expect(text.row).toMatchObject({
      type: 'text',
      text: 'Your order ships today: https://example.com/track/1',
    })
    expect(text.payload.biz_opaque_callback_data).toBe(text.row.outboxId)

    for (const [kind, extra] of [
      ['image', { caption: 'The blue one' }],
      ['video', { caption: 'How to fold it' }],
      ['audio', {}],
      ['sticker', {}],
      ['document', { caption: 'Invoice', filename: 'invoice-1.pdf' }],
    ] as const) {
      const link = `https://example.com/files/${kind}`
      const { payload, row } = await deliver(conversationId, customer, {
        type: 'media',
        kind,
        link,
        ...extra,
      })
      expect(payload).toMatchObject({
        type: kind,
        [kind]: {
          link,
          ...('caption' in extra ? { caption: extra.caption } : {}),
          ...('filename' in extra ? { filename: extra.filename } : {}),
        },
      })
      expect(row).toMatchObject({ type: kind, media: { url: link } })
    }

    const location = await deliver(conversationId, customer, {
      type: 'location',
      latitude: 38.7223,
      longitude: -9.1393,
      name: 'Shop',
      address: 'Rua Augusta 1, Lisboa',
    })
    expect(location.payload).toMatchObject({
      type: 'location',
      location: {
        latitude: 38.7223,
        longitude: -9.1393,
        name: 'Shop',
        address: 'Rua Augusta 1, Lisboa',
      },
    })
    expect(location.row.location).toMatchObject({ latitude: 38.7223, longitude: -9.1393 })

    const contacts = await deliver(conversationId, customer, {
      type: 'contacts',
      contacts: [
        {
          name: { formattedName: 'Ana Silva', firstName: 'Ana', lastName: 'Silva' },
          phones: [{ phone: '+351 912 345 678', type: 'CELL' }],
          emails: [{ email: 'ana@example.com', type: 'WORK' }],
        },
      ],
    })
    expect(contacts.payload).toMatchObject({
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Ana Silva', first_name: 'Ana', last_name: 'Silva' },
          phones: [{ phone: '+351 912 345 678', type: 'CELL' }],
          emails: [{ email: 'ana@example.com', type: 'WORK' }],
        },
      ],
    })

    const buttons = await deliver(conversationId, customer, {
      type: 'interactive',
      interactive: {
        type: 'button',
        header: 'Booking',
        body: 'Confirm your table for 8pm?',
        footer: 'Reply below',
        buttons: [
          { id: 'yes', title: 'Yes' },
          { id: 'no', title: 'No' },
        ],
      },
    })
    expect(buttons.payload).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Booking' },
        body: { text: 'Confirm your table for 8pm?' },
        footer: { text: 'Reply below' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'no', title: 'No' } },
          ],
        },
      },
    })
    expect(buttons.row.text).toBe('Confirm your table for 8pm?')

    const list = await deliver(conversationId, customer, {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: 'Pick a delivery slot',
        buttonText: 'Slots',
        sections: [
          { title: 'Tomorrow', rows: [{ id: 'am', title: 'Morning', description: '8–12' }] },
        ],
      },
    })
    expect(list.payload).toMatchObject({
      interactive: {
        type: 'list',
        body: { text: 'Pick a delivery slot' },
        action: {
          button: 'Slots',
          sections: [
            { title: 'Tomorrow', rows: [{ id: 'am', title: 'Morning', description: '8–12' }] },
          ],
        },
      },
    })

    const cta = await deliver(conversationId, customer, {
      type: 'interactive',
      interactive: {
        type: 'cta_url',
        body: 'Track your parcel',
        displayText: 'Track',
        url: 'https://example.com/track/1',
      },
    })
    expect(cta.payload).toMatchObject({
      interactive: {
        type: 'cta_url',
        body: { text: 'Track your parcel' },
        action: {
          name: 'cta_url',
          parameters: { display_text: 'Track', url: 'https://example.com/track/1' },
        },
      },
    })

    // Reactions and replies name messages by the store's id; Meta gets their wamids.
    const thread = await h.ok<{ items: MessageRow[] }>('messages:list', { conversationId })
    const inboundRow = thread.items.find((m) => m.wamid === inbound)!
    const reaction = await deliver(conversationId, customer, {
      type: 'reaction',
      messageId: inboundRow.id,
      emoji: '👍',
    })
    expect(reaction.payload).toMatchObject({
      type: 'reaction',
      reaction: { message_id: inbound, emoji: '👍' },
    })
    expect(reaction.row.reaction).toEqual({ messageId: inbound, emoji: '👍' })

    const reply = await deliver(
      conversationId,
      customer,
      { type: 'text', body: 'Answering this one' },
      inboundRow.id,
    )
    expect(reply.payload).toMatchObject({
      context: { message_id: inbound },
      text: { body: 'Answering this one' },
    })
    expect(reply.row.replyTo).toBe(inbound)
    expect(reply.row.quoted).toMatchObject({ wamid: inbound })

    // Every send reached the customer once.
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view).toHaveLength(13)
  })

  it('the same idempotency key queues one message, however often it is sent', async () => {
    const customer = '15550001002'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    const idempotencyKey = crypto.randomUUID()
    const content = { type: 'text', body: 'Only once, please' } as const
    const results = await Promise.all(
      [1, 2, 3].map(() => h.send({ conversationId, idempotencyKey, content })),
    )
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true, true])
    expect(new Set(results.map((r) => r.outbox.outboxId)).size).toBe(1)
    await h.waitOutbox(results[0]!.outbox.messageId!, (e) => e.state === 'sent')
    const again = await h.send({ conversationId, idempotencyKey, content })
    expect(again).toMatchObject({ duplicate: true, outbox: { state: 'sent' } })
    const view = await h.customerView(customer, client.phoneNumberId)
    expect(view.filter((m) => m.payload?.type === 'text')).toHaveLength(1)
    // npm run inspect -- outbox --client <id>: the one row, read-only beside the running core.
    const rows = inspect({ dataDir: h.dataDir, entity: 'outbox', client: client.clientId })
    expect(rows.filter((r) => r.id === results[0]!.outbox.outboxId)).toEqual([
      expect.objectContaining({
        state: 'sent',
        attempts: 1,
        recipient: customer,
        unconfirmed: false,
      }),
    ])
  })
})
