import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  onboard,
  startSandbox,
  type Callback,
  type Client,
  type TestSandbox,
} from '../testing/harness'

/** What a customer actually got: `/_sandbox/state` and `GET /_sandbox/customers/{wa_id}`. */

let t: TestSandbox
let callback: Callback
let client: Client
beforeEach(async () => {
  t = await startSandbox()
  callback = await t.appCallback()
  client = await onboard(t)
})
afterEach(() => t.close())

const CUSTOMER = '16505551234'

const interactive = {
  type: 'button',
  body: { text: 'Which size?' },
  action: {
    buttons: [
      { type: 'reply', reply: { id: 'size-s', title: 'Small' } },
      { type: 'reply', reply: { id: 'size-l', title: 'Large' } },
    ],
  },
}

async function send(body: Record<string, unknown>): Promise<string> {
  const result = await t.graph('POST', `/${client.phoneId}/messages`, {
    token: client.token,
    json: { messaging_product: 'whatsapp', to: CUSTOMER, ...body },
  })
  expect(result.status, JSON.stringify(result.body)).toBe(200)
  return result.body.messages[0].id as string
}

/** Waits for the status webhook that moves this message to `status`. */
const reached = (id: string, status: string) =>
  callback.waitFor((c) =>
    c
      .changes()
      .some((ch) =>
        ch.value.statuses?.some(
          (s: { id: string; status: string }) => s.id === id && s.status === status,
        ),
      ),
  )

describe('what the customer got', () => {
  it('state lists each sent message with its full request body', async () => {
    await customerWrites(t, client, CUSTOMER, 'Do you have it in blue?')
    const text = await send({ type: 'text', text: { body: 'Yes, in blue', preview_url: false } })
    const buttons = await send({ type: 'interactive', interactive })
    const state = (await t.control('GET', '/state')).body
    const byId = new Map(state.messages_sent.recent.map((m: { id: string }) => [m.id, m]))
    expect(byId.get(text)).toMatchObject({
      type: 'text',
      payload: {
        messaging_product: 'whatsapp',
        to: CUSTOMER,
        type: 'text',
        text: { body: 'Yes, in blue', preview_url: false },
      },
    })
    expect(byId.get(buttons)).toMatchObject({ type: 'interactive', payload: { interactive } })
    expect(state.messages_received.recent[0].message).toMatchObject({
      from: CUSTOMER,
      type: 'text',
      text: { body: 'Do you have it in blue?' },
    })
  })

  it('GET /_sandbox/customers/{wa_id} shows both directions in order with their statuses', async () => {
    const first = await customerWrites(t, client, CUSTOMER, 'Do you have it in blue?')
    const reply = await send({
      type: 'text',
      text: { body: 'We do!' },
      context: { message_id: first.id },
    })
    const question = await send({ type: 'interactive', interactive })
    await reached(reply, 'delivered')
    await reached(question, 'delivered')
    // The customer reads the reply; the business marks the customer's message read.
    expect((await t.control('POST', '/customers/reads', { message_id: reply })).status).toBe(200)
    await reached(reply, 'read')
    const marked = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: { messaging_product: 'whatsapp', status: 'read', message_id: first.id },
    })
    expect(marked.status).toBe(200)
    const answer = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'size-l', title: 'Large' } },
      context: { id: question },
    })
    expect(answer.status).toBe(200)

    const view = await t.control('GET', `/customers/${CUSTOMER}`)
    expect(view.status).toBe(200)
    expect(view.body.wa_id).toBe(CUSTOMER)
    const messages = view.body.messages
    expect(messages.map((m: { sender: string; id: string }) => [m.sender, m.id])).toEqual([
      ['customer', first.id],
      ['business', reply],
      ['business', question],
      ['customer', answer.body.id],
    ])
    expect(messages[0]).toMatchObject({
      status: 'read',
      message: { type: 'text', text: { body: 'Do you have it in blue?' } },
    })
    expect(messages[1]).toMatchObject({
      status: 'read',
      payload: { type: 'text', text: { body: 'We do!' }, context: { message_id: first.id } },
    })
    expect(messages[1].statuses.map((s: { status: string }) => s.status)).toEqual([
      'accepted',
      'sent',
      'delivered',
      'read',
    ])
    expect(messages[2]).toMatchObject({ status: 'delivered', payload: { interactive } })
    expect(messages[3]).toMatchObject({
      status: 'delivered',
      message: {
        context: { from: client.displayPhone, id: question },
        interactive: { type: 'button_reply', button_reply: { id: 'size-l', title: 'Large' } },
      },
    })
    for (const m of messages) expect(m.phone_number_id).toBe(client.phoneId)
  })

  it('filters by phone_number_id and refuses an unknown one', async () => {
    await customerWrites(t, client, CUSTOMER)
    const other = await onboard(t)
    await customerWrites(t, other, CUSTOMER)
    const all = (await t.control('GET', `/customers/${CUSTOMER}`)).body.messages
    expect(all).toHaveLength(2)
    const mine = await t.control('GET', `/customers/${CUSTOMER}?phone_number_id=${other.phoneId}`)
    expect(mine.body.messages.map((m: { phone_number_id: string }) => m.phone_number_id)).toEqual([
      other.phoneId,
    ])
    expect((await t.control('GET', `/customers/${CUSTOMER}?phone_number_id=1`)).status).toBe(404)
    expect((await t.control('GET', '/customers/15550000000')).body.messages).toEqual([])
  })
})
