import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectGraphError,
  onboard,
  startSandbox,
  type Callback,
  type Client,
  type TestSandbox,
} from '../testing/harness'

let t: TestSandbox
let client: Client
let callback: Callback
beforeEach(async () => {
  t = await startSandbox()
  callback = await t.appCallback()
  client = await onboard(t)
})
afterEach(() => t.close())

const orderTemplate = (name = 'order_update', extra: Record<string, unknown> = {}) => ({
  name,
  language: 'en_US',
  category: 'utility',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1'] } },
    {
      type: 'BODY',
      text: 'Hi {{1}}, your order {{2}} shipped.',
      example: { body_text: [['Ana', '#1']] },
    },
    { type: 'FOOTER', text: 'Thanks' },
  ],
  ...extra,
})
const create = (body: Record<string, unknown>) =>
  t.graph('POST', `/${client.wabaId}/message_templates`, { token: client.token, json: body })
const statusEvents = () =>
  callback.changes().filter((c) => c.field === 'message_template_status_update')

describe('POST /{waba}/message_templates and review', () => {
  it('creates PENDING, then APPROVED with a message_template_status_update webhook', async () => {
    const created = await create(orderTemplate())
    expect(created.status).toBe(200)
    expect(created.body).toEqual({ id: created.body.id, status: 'PENDING', category: 'UTILITY' })
    await callback.waitFor(() => statusEvents().length > 0)
    expect(statusEvents()[0]).toMatchObject({
      entryId: client.wabaId,
      value: {
        event: 'APPROVED',
        message_template_id: Number(created.body.id),
        message_template_name: 'order_update',
        message_template_language: 'en_US',
        reason: 'NONE',
        message_template_category: 'UTILITY',
      },
    })
    const got = await t.graph('GET', `/${created.body.id}`, { token: client.token })
    expect(got.body.status).toBe('APPROVED')
  })

  it('rejects (in auto mode) templates whose name asks for it', async () => {
    await create(orderTemplate('please_reject_me'))
    await callback.waitFor(() => statusEvents().length > 0)
    expect(statusEvents()[0]?.value).toMatchObject({ event: 'REJECTED', reason: 'INVALID_FORMAT' })
  })

  it('stays PENDING during the configured review delay', async () => {
    await t.control('POST', '/config', { time_scale: 1, template_review_delay_ms: 3_600_000 })
    const created = await create(orderTemplate())
    const got = await t.graph('GET', `/${created.body.id}`, {
      token: client.token,
      query: { fields: 'status' },
    })
    expect(got.body).toEqual({ status: 'PENDING', id: created.body.id })
  })

  it('refuses a duplicate name + language with subcode 2388024', async () => {
    await create(orderTemplate())
    const error = expectGraphError(await create(orderTemplate()), 100, 400)
    expect(error).toMatchObject({
      message: 'Invalid parameter',
      error_subcode: 2388024,
      error_user_title: 'Content in this language already exists',
    })
    // Another language of the same name is fine.
    expect((await create(orderTemplate('order_update', { language: 'pt_BR' }))).status).toBe(200)
  })

  it('validates name, category, language, components and examples', async () => {
    expectGraphError(await create(orderTemplate('Order Update')), 100, 400)
    const category = expectGraphError(
      await create(orderTemplate('a', { category: 'promo' })),
      100,
      400,
    )
    expect(category.message).toBe(
      '(#100) Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "promo".',
    )
    expectGraphError(await create(orderTemplate('b', { language: 'xx_YY' })), 100, 400)
    expectGraphError(
      await create(orderTemplate('c', { components: [{ type: 'FOOTER', text: 'x' }] })),
      100,
      400,
    )
    const noExample = await create(
      orderTemplate('d', { components: [{ type: 'BODY', text: 'Hi {{1}}' }] }),
    )
    expect(expectGraphError(noExample, 100, 400).error_subcode).toBe(2388043)
    expect(expectGraphError(await create({ language: 'en_US' }), 100, 400).message).toBe(
      '(#100) The parameter name is required.',
    )
  })
})

describe('GET and DELETE /{waba}/message_templates', () => {
  it('pages with limit and cursors, newest first, and filters by status and name', async () => {
    for (const name of ['t_one', 't_two', 't_three']) await create(orderTemplate(name))
    const first = await t.graph('GET', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { limit: '2' },
    })
    expect(first.body.data.map((d: { name: string }) => d.name)).toEqual(['t_three', 't_two'])
    expect(Object.keys(first.body.data[0]).sort()).toEqual(
      ['category', 'components', 'id', 'language', 'name', 'parameter_format', 'status'].sort(),
    )
    expect(first.body.paging.next).toContain('after=')
    const second = await t.graph('GET', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { limit: '2', after: first.body.paging.cursors.after },
    })
    expect(second.body.data.map((d: { name: string }) => d.name)).toEqual(['t_one'])
    expect(second.body.paging.next).toBeUndefined()
    const byName = await t.graph('GET', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { name: 't_two', fields: 'name,status' },
    })
    expect(byName.body.data).toEqual([
      { name: 't_two', status: expect.any(String), id: expect.any(String) },
    ])
    const rejected = await t.graph('GET', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { status: 'REJECTED' },
    })
    expect(rejected.body.data).toEqual([])
  })

  it('deletes all languages by name, or one by hsm_id', async () => {
    const en = await create(orderTemplate())
    await create(orderTemplate('order_update', { language: 'es' }))
    const one = await t.graph('DELETE', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { name: 'order_update', hsm_id: en.body.id },
    })
    expect(one.body).toEqual({ success: true })
    let list = await t.graph('GET', `/${client.wabaId}/message_templates`, { token: client.token })
    expect(list.body.data.map((d: { language: string }) => d.language)).toEqual(['es'])
    await t.graph('DELETE', `/${client.wabaId}/message_templates`, {
      token: client.token,
      query: { name: 'order_update' },
    })
    list = await t.graph('GET', `/${client.wabaId}/message_templates`, { token: client.token })
    expect(list.body.data).toEqual([])
    expectGraphError(
      await t.graph('DELETE', `/${client.wabaId}/message_templates`, {
        token: client.token,
        query: { name: 'order_update' },
      }),
      100,
      400,
    )
  })
})

describe('sending templates', () => {
  const sendTemplate = (template: Record<string, unknown>) =>
    t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: { messaging_product: 'whatsapp', to: '16505551234', type: 'template', template },
    })
  const params = (body: string[], header: string[] = ['#9']) => [
    { type: 'header', parameters: header.map((text) => ({ type: 'text', text })) },
    { type: 'body', parameters: body.map((text) => ({ type: 'text', text })) },
  ]

  it('sends an approved template outside the window, with message_status accepted', async () => {
    const created = await create(orderTemplate())
    await callback.waitFor(() => statusEvents().length > 0)
    const result = await sendTemplate({
      name: 'order_update',
      language: { code: 'en_US' },
      components: params(['Ana', '#9']),
    })
    expect(result.status).toBe(200)
    expect(result.body.messages[0]).toEqual({
      id: expect.stringMatching(/^wamid\./),
      message_status: 'accepted',
    })
    expect(created.status).toBe(200)
  })

  it('refuses unknown or unapproved templates (132001) and wrong parameter counts (132000)', async () => {
    expectGraphError(await sendTemplate({ name: 'nope', language: { code: 'en_US' } }), 132001, 404)
    await t.control('POST', '/config', { time_scale: 1, template_review_delay_ms: 3_600_000 })
    await create(orderTemplate('still_pending'))
    expectGraphError(
      await sendTemplate({ name: 'still_pending', language: { code: 'en_US' } }),
      132001,
      404,
    )
    await t.control('POST', '/config', { time_scale: 0, template_review_delay_ms: 0 })
    await create(orderTemplate())
    await callback.waitFor(() =>
      statusEvents().some((e) => e.value.message_template_name === 'order_update'),
    )
    const mismatch = expectGraphError(
      await sendTemplate({
        name: 'order_update',
        language: { code: 'en_US' },
        components: params(['Ana']),
      }),
      132000,
      400,
    )
    expect(mismatch.error_data?.details).toBe(
      'body: number of localizable_params (1) does not match the expected number of params (2)',
    )
    expectGraphError(
      await sendTemplate({ name: 'order_update', language: { code: 'en_US' } }),
      132000,
      400,
    )
  })

  it('refuses paused (132015) and disabled (132016) templates', async () => {
    const created = await create(orderTemplate())
    await t.control('POST', `/templates/${created.body.id}/status`, { status: 'PAUSED' })
    const body = {
      name: 'order_update',
      language: { code: 'en_US' },
      components: params(['Ana', '#9']),
    }
    expectGraphError(await sendTemplate(body), 132015, 400)
    await t.control('POST', `/templates/${created.body.id}/status`, { status: 'DISABLED' })
    expectGraphError(await sendTemplate(body), 132016, 400)
  })
})
