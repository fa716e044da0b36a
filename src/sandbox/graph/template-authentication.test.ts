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

const create = (components: unknown[], name = 'login_code') =>
  t.graph('POST', `/${client.wabaId}/message_templates`, {
    token: client.token,
    json: { name, language: 'en_US', category: 'authentication', components },
  })

const copyCode = [
  { type: 'body', add_security_recommendation: true },
  { type: 'footer', code_expiration_minutes: 10 },
  { type: 'buttons', buttons: [{ type: 'otp', otp_type: 'copy_code', text: 'Copy it' }] },
]

describe('authentication templates (Meta’s preset)', () => {
  it('stores the preset expanded: the code as {{1}}, the expiry footer, the OTP button as a URL', async () => {
    const created = await create(copyCode)
    expect(created.status).toBe(200)
    const got = await t.graph('GET', `/${created.body.id}`, { token: client.token })
    const url =
      'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}'
    expect(got.body.components).toEqual([
      {
        type: 'BODY',
        text: '*{{1}}* is your verification code. For your security, do not share this code.',
        add_security_recommendation: true,
        example: { body_text: [['123456']] },
      },
      { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: 'Copy it', url, example: [url.replace('{{1}}', '123456')] }],
      },
    ])

    // Approved, it is sent with the code in the body and in the button.
    await callback.waitFor(() =>
      callback.changes().some((c) => c.field === 'message_template_status_update'),
    )
    const sent = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: {
        messaging_product: 'whatsapp',
        to: '16505551234',
        type: 'template',
        template: {
          name: 'login_code',
          language: { code: 'en_US' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
            {
              type: 'button',
              sub_type: 'url',
              index: '0',
              parameters: [{ type: 'text', text: '482913' }],
            },
          ],
        },
      },
    })
    expect(sent.status).toBe(200)
  })

  it('refuses what Meta writes itself: body text, a header, no OTP button, a bad expiry', async () => {
    const refused = [
      [{ type: 'body', text: 'Your code is {{1}}' }, copyCode[2]],
      [{ type: 'header', format: 'text', text: 'Code' }, ...copyCode],
      [copyCode[0], { type: 'buttons', buttons: [{ type: 'quick_reply', text: 'Hi' }] }],
      [copyCode[0], { type: 'footer', code_expiration_minutes: 120 }, copyCode[2]],
    ]
    for (const [i, components] of refused.entries()) {
      const error = expectGraphError(await create(components, `login_${i}`), 100, 400)
      expect(error).toMatchObject({ error_user_title: 'Invalid authentication template' })
    }
  })
})
