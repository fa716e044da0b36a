import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  expectGraphError,
  onboard,
  startSandbox,
  type Callback,
  type Client,
  type TestSandbox,
} from '../testing/harness'

let t: TestSandbox
let client: Client
const CUSTOMER = '16505551234'

beforeEach(async () => {
  t = await startSandbox()
  client = await onboard(t)
})
afterEach(() => t.close())

const send = (body: Record<string, unknown>, token = client.token) =>
  t.graph('POST', `/${client.phoneId}/messages`, {
    token,
    json: { messaging_product: 'whatsapp', ...body },
  })
const text = (to = CUSTOMER, extra: Record<string, unknown> = {}) =>
  send({ to, type: 'text', text: { body: 'Hello' }, ...extra })

describe('POST /{phone}/messages — acceptance', () => {
  it('answers Meta’s exact success body inside the customer service window', async () => {
    await customerWrites(t, client, CUSTOMER)
    const result = await text(`+${CUSTOMER}`)
    expect(result.status).toBe(200)
    expect(Object.keys(result.body)).toEqual(['messaging_product', 'contacts', 'messages'])
    expect(result.body.messaging_product).toBe('whatsapp')
    expect(result.body.contacts).toEqual([{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }])
    expect(result.body.messages).toHaveLength(1)
    expect(Object.keys(result.body.messages[0])).toEqual(['id'])
    const id = result.body.messages[0].id as string
    expect(id).toMatch(/^wamid\.[A-Za-z0-9+/]+=*$/)
    // The wamid carries the recipient like Meta's: base64 of a record holding the number.
    expect(Buffer.from(id.slice(6), 'base64').toString('latin1')).toContain(CUSTOMER)
  })

  it('defaults type to text and accepts form-encoded bodies', async () => {
    await customerWrites(t, client, CUSTOMER)
    const result = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      form: { messaging_product: 'whatsapp', to: CUSTOMER, text: JSON.stringify({ body: 'form' }) },
    })
    expect(result.status).toBe(200)
  })

  it('refuses a non-template message outside the 24 h window with 131047', async () => {
    const error = expectGraphError(await text(), 131047, 400)
    expect(error.message).toBe('(#131047) Re-engagement message')
    expect(error.error_data?.details).toMatch(/more than 24 hours/)
  })

  it('closes the window 24 h after the customer’s last message, on the virtual clock', async () => {
    await customerWrites(t, client, CUSTOMER)
    await t.advance(23 * 3600)
    expect((await text()).status).toBe(200)
    await t.advance(3600)
    expectGraphError(await text(), 131047, 400)
    await customerWrites(t, client, CUSTOMER)
    expect((await text()).status).toBe(200)
  })

  it('refuses sends from an unregistered number with 133010', async () => {
    const other = await onboard(t, { register: false })
    const result = await t.graph('POST', `/${other.phoneId}/messages`, {
      token: other.token,
      json: { messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'x' } },
    })
    expectGraphError(result, 133010, 400)
  })

  it('refuses a bad token with 190 and another client’s token with 100/33', async () => {
    await customerWrites(t, client, CUSTOMER)
    expectGraphError(await send({ to: CUSTOMER, text: { body: 'x' } }, 'EAAbad'), 190, 401)
    const other = await onboard(t)
    const denied = expectGraphError(
      await send({ to: CUSTOMER, text: { body: 'x' } }, other.token),
      100,
      400,
    )
    expect(denied.error_subcode).toBe(33)
    expect(denied.message).toMatch(
      /^Unsupported post request\. Object with ID '\d+' does not exist/,
    )
  })

  it('requires messaging_product, as Graph words it', async () => {
    const result = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: { to: CUSTOMER, text: { body: 'x' } },
    })
    expect(expectGraphError(result, 100, 400).message).toBe(
      '(#100) The parameter messaging_product is required.',
    )
  })

  it('refuses to send to the business’s own number (131021)', async () => {
    expectGraphError(await text(client.displayPhone), 131021, 400)
  })
})

describe('POST /{phone}/messages — limits', () => {
  it('allows a burst of 45 to one user, then 131056 until 6 s of quota have accrued', async () => {
    await customerWrites(t, client, CUSTOMER)
    for (let i = 0; i < 45; i++) expect((await text()).status).toBe(200)
    const error = expectGraphError(await text(), 131056, 400)
    expect(error.message).toBe('(#131056) (Business Account, Consumer Account) pair rate limit hit')
    // Another user is not affected by this pair's limit.
    await customerWrites(t, client, '16505550000')
    expect((await text('16505550000')).status).toBe(200)
    await t.advance(6)
    expect((await text()).status).toBe(200)
    expectGraphError(await text(), 131056, 400)
  })

  it('enforces the number’s throughput (config) with 130429', async () => {
    await t.control('POST', '/config', { throughput: 3 })
    const users = Array.from({ length: 7 }, (_, i) => `1650555000${i}`)
    for (const user of users) await customerWrites(t, client, user)
    // 7 sends to 7 users span at most two clock seconds (they take milliseconds), and a second
    // admits 3: the first 3 always pass and at least one of the 7 must be refused.
    const results = []
    for (const user of users) results.push(await text(user))
    expect(results.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200])
    const refused = results.filter((r) => r.status !== 200)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    for (const r of refused) {
      expect(expectGraphError(r, 130429, 400).error_data?.details).toBe(
        'Cloud API message throughput has been reached.',
      )
    }
  })
})

describe('POST /{phone}/messages — mark as read and typing', () => {
  it('marks an inbound message read, with or without the typing indicator', async () => {
    const inbound = await customerWrites(t, client, CUSTOMER)
    const read = await send({ status: 'read', message_id: inbound.id })
    expect(read.status).toBe(200)
    expect(read.body).toEqual({ success: true })
    const typing = await send({
      status: 'read',
      message_id: inbound.id,
      typing_indicator: { type: 'text' },
    })
    expect(typing.body).toEqual({ success: true })
    const state = await t.control('GET', '/state')
    expect(state.body.messages_received.recent[0]).toMatchObject({ id: inbound.id, read: true })
  })

  it('refuses an unknown message id and a bad typing indicator', async () => {
    expectGraphError(await send({ status: 'read', message_id: 'wamid.nope' }), 131009, 400)
    const inbound = await customerWrites(t, client, CUSTOMER)
    expectGraphError(
      await send({ status: 'read', message_id: inbound.id, typing_indicator: { type: 'audio' } }),
      131009,
      400,
    )
    expectGraphError(await send({ status: 'delivered', message_id: inbound.id }), 100, 400)
  })
})

describe('status webhooks through the dispatcher', () => {
  let callback: Callback
  beforeEach(async () => {
    callback = await t.appCallback()
  })

  const statusesFor = (id: string) =>
    callback
      .changes()
      .filter((c) => c.field === 'messages' && c.value.statuses)
      .flatMap((c) => c.value.statuses)
      .filter((s: { id: string }) => s.id === id)

  it('sends sent then delivered for a service message, free, signed, and read once the customer reads', async () => {
    await customerWrites(t, client, CUSTOMER)
    const id = (await text()).body.messages[0].id
    await callback.waitFor(() => statusesFor(id).length >= 2)
    const [sent, delivered] = statusesFor(id)
    expect(sent).toMatchObject({
      id,
      status: 'sent',
      recipient_id: CUSTOMER,
      pricing: {
        billable: false,
        pricing_model: 'PMP',
        type: 'free_customer_service',
        category: 'service',
      },
    })
    expect(delivered.status).toBe('delivered')
    expect(callback.posts.every((p) => p.signatureValid)).toBe(true)
    const read = await t.control('POST', '/customers/reads', { message_id: id })
    expect(read.body).toEqual({ id, read: true })
    await callback.waitFor(() =>
      statusesFor(id).some((s: { status: string }) => s.status === 'read'),
    )
    const state = await t.control('GET', '/state')
    const message = state.body.messages_sent.recent.find((m: { id: string }) => m.id === id)
    expect(message.history.map((h: { status: string }) => h.status)).toEqual([
      'accepted',
      'sent',
      'delivered',
      'read',
    ])
  })

  it('sends no webhook for a WABA the app has not subscribed to', async () => {
    const quiet = await onboard(t, { subscribe: false })
    await customerWrites(t, quiet, CUSTOMER)
    const stats = await t.control('GET', '/stats')
    expect(stats.body.webhooks.dropped_no_subscriber).toBeGreaterThan(0)
    expect(callback.changes().filter((c) => c.field === 'messages')).toEqual([])
  })
})
