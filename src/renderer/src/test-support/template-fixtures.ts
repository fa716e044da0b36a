import type { TemplateRow } from '@shared/contract/outbox'

const at = '2026-03-02T10:00:00.000Z'

/** A client's template as `templates:list` gives it (a positional utility template by default). */
export function templateRow(overrides: Partial<TemplateRow> = {}): TemplateRow {
  return {
    id: 1,
    clientId: 'c-1',
    wabaId: '524126980791429',
    metaId: '1000',
    name: 'order_ready',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    reason: null,
    parameterFormat: 'positional',
    components: [],
    form: {
      header: null,
      body: { text: 'Hi {{1}}, your order is ready.', params: [{ name: '1', example: 'Ana' }] },
      footer: null,
      buttons: [],
    },
    sendable: true,
    updatedAt: at,
    ...overrides,
  }
}
