import { describe, expect, it } from 'vitest'
import { createInput, emptyDraft, newButton, previewOf, type TemplateDraft } from './template-draft'
import { draftProblems, fieldOf } from './template-rules'

const draft = (patch: Partial<TemplateDraft>): TemplateDraft => ({
  ...emptyDraft(),
  name: 'order_ready',
  body: 'Hi {{1}}, your order is ready.',
  bodyExamples: { '1': 'Ana' },
  ...patch,
})
const fields = (d: TemplateDraft) => draftProblems(d).map((p) => p.field)
const messages = (d: TemplateDraft) => draftProblems(d).map((p) => p.message)

describe('Meta’s rules for a new template', () => {
  it('accepts a complete utility template', () => {
    expect(draftProblems(draft({}))).toEqual([])
  })

  it('names: lowercase letters, digits and underscores, at most 512', () => {
    expect(fields(draft({ name: '' }))).toEqual(['name'])
    expect(messages(draft({ name: 'Order Ready' }))[0]).toMatch(/lowercase letters, digits/)
    expect(fields(draft({ name: 'a'.repeat(513) }))).toEqual(['name'])
    expect(fields(draft({ name: 'a'.repeat(512) }))).toEqual([])
  })

  it('languages: only Meta’s template languages', () => {
    expect(fields(draft({ language: 'xx_YY' }))).toEqual(['language'])
    expect(fields(draft({ language: 'pt_BR' }))).toEqual([])
  })

  it('body: required, at most 1,024 characters, not starting or ending with a variable', () => {
    expect(fields(draft({ body: '  ' }))).toEqual(['body'])
    expect(messages(draft({ body: 'x'.repeat(1025) }))[0]).toMatch(/1,024 characters \(1025/)
    expect(messages(draft({ body: '{{1}} is ready' }))[0]).toMatch(/start or end/)
    expect(messages(draft({ body: 'Ready for {{1}}' }))[0]).toMatch(/start or end/)
  })

  it('variables: numbered in order, or named in lowercase, each with an example', () => {
    expect(messages(draft({ body: 'Hi {{2}} and {{1}}!' }))[0]).toMatch(
      /\{\{2\}\} where \{\{1\}\} is expected/,
    )
    expect(messages(draft({ body: 'Hi {{first name}}!' }))[0]).toMatch(/is not one/)
    expect(messages(draft({ body: 'Hi {{1}, welcome' }))[0]).toMatch(/not closed/)
    expect(
      messages(draft({ parameterFormat: 'named', body: 'Hi {{First}}!', bodyExamples: {} })),
    ).toEqual([
      expect.stringMatching(/\{\{First\}\} in the body is not one/),
      expect.stringMatching(/example for \{\{First\}\}/),
    ])
    expect(fields(draft({ bodyExamples: {} }))).toEqual([fieldOf.bodyExample('1')])
    expect(
      draftProblems(
        draft({ parameterFormat: 'named', body: 'Hi {{first_name}}!', bodyExamples: {} }),
      ),
    ).toEqual([{ field: 'bodyExample:first_name', message: expect.stringMatching(/example/) }])
  })

  it('header: one line of at most 60 characters with at most one variable; media needs a sample', () => {
    const text = (headerText: string, headerExamples = {}) =>
      fields(draft({ headerFormat: 'text', headerText, headerExamples }))
    expect(text('')).toEqual(['headerText'])
    expect(text('x'.repeat(61))).toEqual(['headerText'])
    expect(text('Order {{1}} and {{2}}', { '1': 'a', '2': 'b' })).toEqual(['headerText'])
    expect(text('Order {{1}}')).toEqual([fieldOf.headerExample('1')])
    expect(text('Order {{1}}', { '1': '#42' })).toEqual([])
    expect(fields(draft({ headerFormat: 'image' }))).toEqual(['headerHandle'])
    expect(fields(draft({ headerFormat: 'image', headerHandle: '4::aW1hZ2U=' }))).toEqual([])
    expect(fields(draft({ headerFormat: 'location' }))).toEqual([])
  })

  it('footer: at most 60 characters, no variables', () => {
    expect(fields(draft({ footer: 'x'.repeat(61) }))).toEqual(['footer'])
    expect(fields(draft({ footer: 'Reply {{1}}' }))).toEqual(['footer'])
  })

  it('buttons: Meta’s limits per type, grouping, labels, addresses, numbers and codes', () => {
    const quick = (text: string) => ({ ...newButton('quick_reply'), text })
    const url = { ...newButton('url'), text: 'Track', url: 'https://shop.example/track/{{1}}' }
    const phone = { ...newButton('phone_number'), text: 'Call us', phoneNumber: '+15550100123' }
    expect(fields(draft({ buttons: [quick('Yes'), quick('No'), url, phone] }))).toEqual([
      fieldOf.button(url.key, 'example'),
    ])
    expect(draftProblems(draft({ buttons: [{ ...url, example: 'A1' }, quick('Yes')] }))).toEqual([])
    expect(messages(draft({ buttons: [quick('Yes'), phone, quick('No')] }))).toEqual([
      expect.stringMatching(/Keep quick replies together/),
    ])
    expect(messages(draft({ buttons: [quick('Same'), quick('same')] }))).toEqual([
      expect.stringMatching(/same label/),
    ])
    const many = Array.from({ length: 11 }, (_, i) => quick(`Option ${i}`))
    expect(messages(draft({ buttons: many }))).toContain('At most 10 buttons.')
    const urls = [1, 2, 3].map((i) => ({ ...url, key: 100 + i, text: `Link ${i}`, example: 'x' }))
    expect(messages(draft({ buttons: urls }))[0]).toMatch(/At most 2 “Visit website” buttons/)
    expect(
      fields(
        draft({ buttons: [{ ...url, url: 'https://shop.example/{{1}}/track', example: 'x' }] }),
      ),
    ).toEqual([fieldOf.button(url.key, 'url')])
    expect(fields(draft({ buttons: [{ ...url, url: 'ftp://shop.example' }] }))).toEqual([
      fieldOf.button(url.key, 'url'),
    ])
    expect(fields(draft({ buttons: [{ ...phone, phoneNumber: 'call me' }] }))).toEqual([
      fieldOf.button(phone.key, 'phoneNumber'),
    ])
    expect(fields(draft({ buttons: [{ ...quick('x'.repeat(26)) }] }))).toHaveLength(1)
    const code = { ...newButton('copy_code'), example: 'SAVE20' }
    expect(messages(draft({ buttons: [code] }))).toEqual([
      expect.stringMatching(/marketing templates/),
    ])
    expect(draftProblems(draft({ category: 'MARKETING', buttons: [code] }))).toEqual([])
    expect(
      fields(draft({ category: 'MARKETING', buttons: [{ ...code, example: 'X'.repeat(16) }] })),
    ).toEqual([fieldOf.button(code.key, 'example')])
  })

  it('authentication: Meta’s preset, with an expiry of 1–90 minutes', () => {
    const auth = (patch: Partial<TemplateDraft>) =>
      fields(draft({ category: 'AUTHENTICATION', body: '', bodyExamples: {}, ...patch }))
    expect(auth({})).toEqual([])
    expect(auth({ codeExpirationMinutes: '91' })).toEqual(['codeExpirationMinutes'])
    expect(auth({ codeExpirationMinutes: '10' })).toEqual([])
  })
})

describe('the templates:create input', () => {
  it('builds Meta’s positional components with examples', () => {
    const input = createInput(
      'c-1',
      draft({
        headerFormat: 'text',
        headerText: 'Order {{1}}',
        headerExamples: { '1': '#42' },
        body: 'Hi {{1}}, order {{2}} is ready.',
        bodyExamples: { '1': 'Ana', '2': '#42' },
        footer: 'Thanks!',
        buttons: [
          { ...newButton('url'), text: 'Track', url: 'https://s.example/t/{{1}}', example: '42' },
          { ...newButton('phone_number'), text: 'Call', phoneNumber: '+15550100123' },
          { ...newButton('quick_reply'), text: 'Stop' },
        ],
      }),
    )
    expect(input).toEqual({
      clientId: 'c-1',
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      parameterFormat: 'positional',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
        {
          type: 'BODY',
          text: 'Hi {{1}}, order {{2}} is ready.',
          example: { body_text: [['Ana', '#42']] },
        },
        { type: 'FOOTER', text: 'Thanks!' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Track', url: 'https://s.example/t/{{1}}', example: ['42'] },
            { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550100123' },
            { type: 'QUICK_REPLY', text: 'Stop' },
          ],
        },
      ],
    })
  })

  it('builds named examples, media sample handles and copy codes', () => {
    const input = createInput(
      'c-1',
      draft({
        category: 'MARKETING',
        parameterFormat: 'named',
        headerFormat: 'image',
        headerHandle: '4::aW1hZ2U=',
        body: 'Hi {{first_name}}, use the code below.',
        bodyExamples: { first_name: 'Ana' },
        buttons: [{ ...newButton('copy_code'), example: 'SAVE20' }],
      }),
    )
    expect(input.components).toEqual([
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, use the code below.',
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] },
      },
      { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE20' }] },
    ])
    expect(input.parameterFormat).toBe('named')
  })

  it('builds an authentication template from Meta’s preset, and previews its text', () => {
    const auth = draft({ category: 'AUTHENTICATION', codeExpirationMinutes: '5' })
    expect(createInput('c-1', auth)).toEqual({
      clientId: 'c-1',
      name: 'order_ready',
      language: 'en_US',
      category: 'AUTHENTICATION',
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 5 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ],
    })
    expect(previewOf(auth).form).toMatchObject({
      body: { text: '{{1}} is your verification code. For your security, do not share this code.' },
      footer: 'This code expires in 5 minutes.',
    })
  })
})
