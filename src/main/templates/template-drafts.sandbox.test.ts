import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TemplateRow } from '@shared/contract'
import {
  createInput,
  emptyDraft,
  newButton,
  type TemplateDraft,
} from '@shared/whatsapp/template-draft'
import { draftProblems } from '@shared/whatsapp/template-rules'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'

/**
 * Templates written in the console's form (the same builder and rules as the renderer's
 * New template form) pass Meta's rules at the sandbox, are approved by webhook, and have the
 * parameter form the composer fills: real core, real HTTP against the embedded sandbox.
 */
describe('templates written in the console × sandbox', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    // Meta's review takes long enough here that the create answers before it (on a loaded machine
    // the read-back alone can outlast the harness's review, and then the webhook rightly wins):
    // 750,000 sandbox ms at the harness's time_scale of 0.001 is 750 ms.
    h = await startSendingHarness({ seed: { template_review_delay_ms: 750_000 } })
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  const approved = (name: string) =>
    poll(async () => {
      const { templates } = await h.ok<{ templates: TemplateRow[] }>('templates:list', {
        clientId: client.clientId,
      })
      const row = templates.find((t) => t.name === name)
      return row?.status === 'APPROVED' ? row : null
    }, `${name} approved`)

  const submit = async (draft: TemplateDraft) => {
    expect(draftProblems(draft)).toEqual([])
    const created = await h.ok<TemplateRow>('templates:create', createInput(client.clientId, draft))
    expect(created).toMatchObject({ name: draft.name, status: 'PENDING', sendable: false })
    return approved(draft.name)
  }

  it('accepts every kind of template the form writes, with the parameter form to send it', async () => {
    const utility = await submit({
      ...emptyDraft(),
      name: 'pickup_ready',
      headerFormat: 'text',
      headerText: 'Order {{1}}',
      headerExamples: { '1': '#42' },
      body: 'Hi {{1}}, order {{2}} is ready for pickup.',
      bodyExamples: { '1': 'Ana', '2': '#42' },
      footer: 'Jaspers Market',
      buttons: [
        { ...newButton('url'), text: 'Directions', url: 'https://s.example/{{1}}', example: 'a1' },
        { ...newButton('phone_number'), text: 'Call us', phoneNumber: '+15550100123' },
        { ...newButton('quick_reply'), text: 'On my way' },
      ],
    })
    expect(utility.form).toEqual({
      header: { format: 'text', text: 'Order {{1}}', params: [{ name: '1', example: '#42' }] },
      body: {
        text: 'Hi {{1}}, order {{2}} is ready for pickup.',
        params: [
          { name: '1', example: 'Ana' },
          { name: '2', example: '#42' },
        ],
      },
      footer: 'Jaspers Market',
      buttons: [
        {
          index: 0,
          type: 'url',
          text: 'Directions',
          url: 'https://s.example/{{1}}',
          params: [{ name: '1', example: 'a1' }],
        },
        { index: 1, type: 'phone_number', text: 'Call us', url: null, params: [] },
        { index: 2, type: 'quick_reply', text: 'On my way', url: null, params: [] },
      ],
    })

    const coupon = await submit({
      ...emptyDraft(),
      name: 'spring_coupon',
      category: 'MARKETING',
      parameterFormat: 'named',
      headerFormat: 'image',
      headerHandle: '4::aW1hZ2UvanBlZw==:ARa1',
      body: 'Hi {{first_name}}, take {{discount}} off this week.',
      bodyExamples: { first_name: 'Ana', discount: '20%' },
      buttons: [{ ...newButton('copy_code'), example: 'SPRING20' }],
    })
    expect(coupon).toMatchObject({ parameterFormat: 'named', category: 'MARKETING' })
    expect(coupon.form.body!.params.map((p) => p.name)).toEqual(['first_name', 'discount'])
    expect(coupon.form.buttons).toEqual([
      {
        index: 0,
        type: 'copy_code',
        text: null,
        url: null,
        params: [{ name: 'coupon_code', example: 'SPRING20' }],
      },
    ])

    const location = await submit({
      ...emptyDraft(),
      name: 'store_moved',
      headerFormat: 'location',
      body: 'We moved: find us at the pin above.',
    })
    expect(location.form.header).toEqual({ format: 'location', text: null, params: [] })
  })

  it('creates an authentication template from Meta’s preset and sends the code with it', async () => {
    const auth = await submit({
      ...emptyDraft(),
      name: 'login_code',
      category: 'AUTHENTICATION',
      codeExpirationMinutes: '10',
    })
    expect(auth.form.body).toEqual({
      text: '*{{1}}* is your verification code. For your security, do not share this code.',
      params: [{ name: '1', example: '123456' }],
    })
    expect(auth.form.footer).toBe('This code expires in 10 minutes.')
    expect(auth.form.buttons).toMatchObject([{ index: 0, type: 'url', params: [{ name: '1' }] }])

    const customer = '15550004001'
    const sent = await h.send({
      clientId: client.clientId,
      to: customer,
      content: {
        type: 'template',
        name: 'login_code',
        language: 'en_US',
        body: [{ name: '1', value: '482913' }],
        buttons: [{ index: 0, value: '482913' }],
      },
    })
    const entry = await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    const [copy] = await h.customerView(customer, client.phoneNumberId)
    expect(copy).toMatchObject({ id: entry.wamid, type: 'template' })
  })
})
