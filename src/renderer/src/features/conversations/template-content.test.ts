import type { TemplateRow } from '@shared/contract/outbox'
import { describe, expect, it } from 'vitest'
import {
  emptyValues,
  fillPlaceholders,
  missingValues,
  templateContent,
  type TemplateValues,
} from './template-content'

const base: Omit<TemplateRow, 'name' | 'parameterFormat' | 'form'> = {
  id: 3,
  clientId: 'c-1',
  wabaId: '524126980791429',
  metaId: '3000',
  language: 'pt_BR',
  category: 'MARKETING',
  status: 'APPROVED',
  reason: null,
  components: [],
  sendable: true,
  updatedAt: '2026-03-02T10:00:00.000Z',
}

const named: TemplateRow = {
  ...base,
  name: 'store_visit',
  parameterFormat: 'named',
  form: {
    header: { format: 'location', text: null, params: [] },
    body: {
      text: 'Olá {{first_name}}, sua loja em {{city}} abre às 9h.',
      params: [
        { name: 'first_name', example: 'Ana' },
        { name: 'city', example: 'Recife' },
      ],
    },
    footer: null,
    buttons: [
      {
        index: 0,
        type: 'copy_code',
        text: null,
        url: null,
        params: [{ name: '1', example: 'VISIT10' }],
      },
    ],
  },
}

const withDocument: TemplateRow = {
  ...base,
  name: 'invoice',
  parameterFormat: 'positional',
  form: {
    header: { format: 'document', text: null, params: [] },
    body: { text: 'Your invoice.', params: [] },
    footer: null,
    buttons: [],
  },
}

const headerText: TemplateRow = {
  ...base,
  name: 'greeting',
  parameterFormat: 'positional',
  form: {
    header: { format: 'text', text: 'Hello {{1}}', params: [{ name: '1', example: 'Ana' }] },
    body: null,
    footer: null,
    buttons: [{ index: 0, type: 'quick_reply', text: 'Stop', url: null, params: [] }],
  },
}

describe('template content from the picker form', () => {
  it('sends named parameters by name, a location header and a copy-code button', () => {
    const values: TemplateValues = {
      ...emptyValues(),
      headerLocation: { latitude: '-8.05', longitude: '-34.9', name: 'Loja Centro', address: '' },
      body: { first_name: ' Ana ', city: 'Recife' },
      buttons: { 0: 'VISIT10' },
    }
    expect(missingValues(named.form, values)).toEqual([])
    expect(templateContent(named, values)).toEqual({
      type: 'template',
      name: 'store_visit',
      language: 'pt_BR',
      header: { type: 'location', latitude: -8.05, longitude: -34.9, name: 'Loja Centro' },
      body: [
        { name: 'first_name', value: 'Ana' },
        { name: 'city', value: 'Recife' },
      ],
      buttons: [{ index: 0, value: 'VISIT10' }],
    })
  })

  it('names what is missing: a location without coordinates, empty parameters, a button code', () => {
    const values = { ...emptyValues(), body: { first_name: 'Ana' } }
    expect(missingValues(named.form, values)).toEqual([
      'header location (latitude and longitude)',
      'body {{city}}',
      'button “1”',
    ])
  })

  it('sends an uploaded document header with its filename, and nothing for a template without parameters', () => {
    const values: TemplateValues = {
      ...emptyValues(),
      headerMedia: { mediaId: '77', filename: 'march.pdf' },
    }
    expect(missingValues(withDocument.form, emptyValues())).toEqual(['header document'])
    expect(templateContent(withDocument, values)).toEqual({
      type: 'template',
      name: 'invoice',
      language: 'pt_BR',
      header: { type: 'document', mediaId: '77', filename: 'march.pdf' },
    })
  })

  it('sends header text parameters and leaves buttons without parameters out', () => {
    const values = { ...emptyValues(), header: { '1': 'Ana' } }
    expect(templateContent(headerText, values)).toEqual({
      type: 'template',
      name: 'greeting',
      language: 'pt_BR',
      header: { type: 'text', values: [{ name: '1', value: 'Ana' }] },
    })
  })

  it('previews the text with the values given, keeping the placeholders still empty', () => {
    expect(
      fillPlaceholders('Hi {{1}}, order {{ 2 }} ships {{when}}.', { '1': 'Ana', '2': '#9' }),
    ).toBe('Hi Ana, order #9 ships {{when}}.')
  })
})
