import { describe, expect, it } from 'vitest'
import { buildTemplate } from './build'
import { templateForm } from './form'

const components = [
  { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } },
  {
    type: 'BODY',
    text: 'Hi {{1}}, {{2}} is ready. {{1}}!',
    example: { body_text: [['Ana', 'A-1']] },
  },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'COPY_CODE', example: 'SAVE10' },
      { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550100' },
    ],
  },
]

describe('template parameter form and send components', () => {
  it('reads each placeholder once, in order, with Meta’s examples', () => {
    const form = templateForm(components)
    expect(form.header).toEqual({
      format: 'text',
      text: 'Order {{1}}',
      params: [{ name: '1', example: 'A-1' }],
    })
    expect(form.body!.params).toEqual([
      { name: '1', example: 'Ana' },
      { name: '2', example: 'A-1' },
    ])
    expect(form.buttons.map((b) => [b.type, b.params])).toEqual([
      ['copy_code', [{ name: 'coupon_code', example: 'SAVE10' }]],
      ['phone_number', []],
    ])
  })

  it('builds header, body and button parameters and the text the customer reads', () => {
    const built = buildTemplate(
      {
        type: 'template',
        name: 'ready',
        language: 'en_US',
        header: { type: 'text', values: [{ name: '1', value: 'B-2' }] },
        body: [
          { name: '2', value: 'your parcel' },
          { name: '1', value: 'Bruno' },
        ],
        buttons: [{ index: 0, value: 'BRUNO5' }],
      },
      templateForm(components),
      'positional',
    )
    expect(built.text).toBe('Hi Bruno, your parcel is ready. Bruno!')
    expect(built.template.components).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'B-2' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Bruno' },
          { type: 'text', text: 'your parcel' },
        ],
      },
      {
        type: 'button',
        sub_type: 'copy_code',
        index: '0',
        parameters: [{ type: 'coupon_code', coupon_code: 'BRUNO5' }],
      },
    ])
  })

  it('refuses a form with a placeholder left empty, naming it', () => {
    expect(() =>
      buildTemplate(
        { type: 'template', name: 'ready', language: 'en_US', body: [{ name: '1', value: 'Ana' }] },
        templateForm(components),
        'positional',
      ),
    ).toThrow(/header \{\{1\}\}/)
  })
})
