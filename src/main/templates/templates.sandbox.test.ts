import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppErrorData, TemplateRow } from '@shared/contract'
import { businessTokenAccount } from '../secrets/secret-store'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'
import { request } from 'undici'

describe('templates × sandbox: synced, created, reviewed by webhook, sent with parameters', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    h = await startSendingHarness()
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  const list = () =>
    h.ok<{ templates: TemplateRow[]; syncedAt: string | null }>('templates:list', {
      clientId: client.clientId,
    })
  const byName = async (name: string) => (await list()).templates.find((t) => t.name === name)
  const until = (name: string, status: string) =>
    poll(async () => {
      const t = await byName(name)
      return t?.status === status ? t : null
    }, `${name} ${status}`)

  it('creates a template, follows its review by webhook, and sends it outside the window with every parameter', async () => {
    const created = await h.ok<TemplateRow>('templates:create', {
      clientId: client.clientId,
      name: 'order_shipped',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        {
          type: 'HEADER',
          format: 'IMAGE',
          example: { header_handle: ['https://example.com/h.jpg'] },
        },
        {
          type: 'BODY',
          text: 'Hi {{1}}, order {{2}} is on its way.',
          example: { body_text: [['Ana', 'A-100']] },
        },
        { type: 'FOOTER', text: 'Jaspers Market' },
        {
          type: 'BUTTONS',
          buttons: [
            {
              type: 'URL',
              text: 'Track',
              url: 'https://example.com/track/{{1}}',
              example: ['https://example.com/track/A-100'],
            },
            { type: 'QUICK_REPLY', text: 'Thanks' },
          ],
        },
      ],
    })
    expect(created).toMatchObject({
      status: 'PENDING',
      sendable: false,
      parameterFormat: 'positional',
    })
    expect(created.form).toEqual({
      header: { format: 'image', text: null, params: [] },
      body: {
        text: 'Hi {{1}}, order {{2}} is on its way.',
        params: [
          { name: '1', example: 'Ana' },
          { name: '2', example: 'A-100' },
        ],
      },
      footer: 'Jaspers Market',
      buttons: [
        {
          index: 0,
          type: 'url',
          text: 'Track',
          url: 'https://example.com/track/{{1}}',
          params: [{ name: '1', example: 'https://example.com/track/A-100' }],
        },
        { index: 1, type: 'quick_reply', text: 'Thanks', url: null, params: [] },
      ],
    })
    // Meta's review arrives as a message_template_status_update webhook.
    const approved = await until('order_shipped', 'APPROVED')
    expect(approved).toMatchObject({ sendable: true, metaId: created.metaId })
    expect(h.events('templates:changed').some((e) => e.templateIds.includes(created.id))).toBe(true)

    // Nobody wrote: only a template may start the conversation.
    const customer = '15550003001'
    const missing = await h.call('messages:send', {
      idempotencyKey: crypto.randomUUID(),
      clientId: client.clientId,
      to: customer,
      content: {
        type: 'template',
        name: 'order_shipped',
        language: 'en_US',
        body: [{ name: '1', value: 'Ana' }],
      },
    })
    expect(missing.ok).toBe(false)
    expect((missing as { error: AppErrorData }).error).toMatchObject({ code: 'VALIDATION' })

    const sent = await h.send({
      clientId: client.clientId,
      to: customer,
      content: {
        type: 'template',
        name: 'order_shipped',
        language: 'en_US',
        header: { type: 'image', link: 'https://example.com/parcel.jpg' },
        body: [
          { name: '1', value: 'Ana' },
          { name: '2', value: 'A-100' },
        ],
        buttons: [
          { index: 0, value: 'A-100' },
          { index: 1, value: 'thanks-A-100' },
        ],
      },
    })
    expect(sent.message).toMatchObject({
      type: 'template',
      text: 'Hi Ana, order A-100 is on its way.',
    })
    const entry = await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    const [copy] = await h.customerView(customer, client.phoneNumberId)
    expect(copy).toMatchObject({ id: entry.wamid, type: 'template' })
    expect(copy!.payload!.template).toEqual({
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [
        {
          type: 'header',
          parameters: [{ type: 'image', image: { link: 'https://example.com/parcel.jpg' } }],
        },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ana' },
            { type: 'text', text: 'A-100' },
          ],
        },
        {
          type: 'button',
          sub_type: 'url',
          index: '0',
          parameters: [{ type: 'text', text: 'A-100' }],
        },
        {
          type: 'button',
          sub_type: 'quick_reply',
          index: '1',
          parameters: [{ type: 'payload', payload: 'thanks-A-100' }],
        },
      ],
    })
  })

  it('named parameters, a template made elsewhere found by sync, and a paused template refused', async () => {
    // Created with the WABA's token by another tool: only a sync brings it here.
    const token = await h.secret(businessTokenAccount(client.wabaId))
    const res = await request(`${h.sandbox.url}/v25.0/${client.wabaId}/message_templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'welcome_named',
        language: 'pt_BR',
        category: 'MARKETING',
        parameter_format: 'NAMED',
        components: [
          {
            type: 'BODY',
            text: 'Olá {{first_name}}!',
            example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] },
          },
        ],
      }),
    })
    const made = (await res.body.json()) as { id: string }
    expect(res.statusCode).toBe(200)
    await poll(async () => {
      const synced = await h.ok<{ templates: TemplateRow[] }>('templates:sync', {
        clientId: client.clientId,
      })
      const t = synced.templates.find((x) => x.name === 'welcome_named')
      return t?.status === 'APPROVED' ? t : null
    }, 'welcome_named synced as approved')
    const named = (await byName('welcome_named'))!
    expect(named).toMatchObject({ metaId: made.id, parameterFormat: 'named', language: 'pt_BR' })
    expect(named.form.body).toEqual({
      text: 'Olá {{first_name}}!',
      params: [{ name: 'first_name', example: 'Ana' }],
    })
    expect((await list()).syncedAt).not.toBeNull()

    const customer = '15550003002'
    const sent = await h.send({
      clientId: client.clientId,
      to: customer,
      content: {
        type: 'template',
        name: 'welcome_named',
        language: 'pt_BR',
        body: [{ name: 'first_name', value: 'Bruno' }],
      },
    })
    expect(sent.message!.text).toBe('Olá Bruno!')
    await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    const [copy] = await h.customerView(customer, client.phoneNumberId)
    expect(copy!.payload!.template).toMatchObject({
      components: [
        {
          type: 'body',
          parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Bruno' }],
        },
      ],
    })

    // Meta pauses it (quality): the webhook updates the row and sending is refused here.
    await h.control('POST', `templates/${made.id}/status`, { status: 'PAUSED' })
    const paused = await until('welcome_named', 'PAUSED')
    expect(paused.sendable).toBe(false)
    const refused = await h.call('messages:send', {
      idempotencyKey: crypto.randomUUID(),
      clientId: client.clientId,
      to: customer,
      content: {
        type: 'template',
        name: 'welcome_named',
        language: 'pt_BR',
        body: [{ name: 'first_name', value: 'Bruno' }],
      },
    })
    expect((refused as { error: AppErrorData }).error).toMatchObject({ code: 'CONFLICT' })
    expect(await h.customerView(customer, client.phoneNumberId)).toHaveLength(1)
  })
})
