import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  customerWrites,
  onboard,
  startSandbox,
  type Client,
  type TestSandbox,
} from '../testing/harness'

/**
 * Request values the code may not expect: `__proto__` / `constructor` keys, objects and arrays
 * where text goes, and `constructor` / `__proto__` as names looked up in tables. Every leaf of a
 * valid request of each kind is replaced by each of them; Graph must answer with its own errors
 * (4xx), never crash (500, code 131000). Parsed objects have no prototype, so nothing may coerce
 * them with String().
 */
let t: TestSandbox
let client: Client
beforeAll(async () => {
  t = await startSandbox()
  client = await onboard(t)
  await customerWrites(t, client, '15551230001')
})
afterAll(() => t.close())

type Value = unknown
const HOSTILE: Value[] = [
  JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
  [JSON.parse('{"__proto__":{"polluted":1}}')],
  'constructor',
  '__proto__',
]

/** The value with one leaf (or the value itself) replaced by each hostile value, in turn. */
function* mutations(value: Value): Generator<Value> {
  yield* HOSTILE
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      for (const m of mutations(value[i])) yield value.map((v, j) => (j === i ? m : v))
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      for (const m of mutations(inner)) yield { ...value, [key]: m }
  }
}

const text = { messaging_product: 'whatsapp', to: '15551230001' }
const requests = (): [string, Record<string, unknown>][] => [
  [
    `/${client.wabaId}/message_templates`,
    {
      name: 'hostile',
      language: 'en_US',
      category: 'marketing',
      parameter_format: 'named',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['h'] } },
        {
          type: 'BODY',
          text: 'Hi {{name}}',
          example: { body_text_named_params: [{ param_name: 'name', example: 'Ana' }] },
        },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'go', url: 'https://x.example/' }] },
      ],
    },
  ],
  [
    `/${client.phoneId}/messages`,
    {
      ...text,
      type: 'template',
      template: {
        name: 'hostile',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x/a.png' } }] },
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'name', text: 'Ana' }] },
        ],
      },
    },
  ],
  [
    `/${client.phoneId}/messages`,
    {
      ...text,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'b' },
        action: { button: 'pick', sections: [{ title: 's', rows: [{ id: '1', title: 't' }] }] },
      },
    },
  ],
  [
    `/${client.phoneId}/messages`,
    { ...text, type: 'image', image: { link: 'https://x/a.png' }, context: { message_id: 'w' } },
  ],
  [
    `/${client.phoneId}/messages`,
    { ...text, type: 'contacts', contacts: [{ name: { formatted_name: 'A' }, phones: [{}] }] },
  ],
  [`/${client.phoneId}/messages`, { ...text, status: 'read', message_id: 'wamid.x' }],
  [`/${client.phoneId}`, { webhook_configuration: { override_callback_uri: 'https://x/' } }],
  [`/${client.phoneId}/register`, { messaging_product: 'whatsapp', pin: '123456' }],
]

it('Graph answers hostile values in JSON bodies with its own errors, never a crash', async () => {
  const crashes: string[] = []
  for (const [path, valid] of requests()) {
    for (const body of mutations(valid)) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) continue
      const result = await t.graph('POST', path, { token: client.token, json: body })
      if (result.status >= 500 || result.body?.error?.code === 131000)
        crashes.push(`${path} ${JSON.stringify(body)} → ${result.status}`)
    }
  }
  expect(crashes).toEqual([])
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

it('Graph answers hostile values in query parameters with its own errors, never a crash', async () => {
  const config = t.sandbox.config
  const reads: [string, string][] = [
    [`/${client.wabaId}/message_templates`, client.token],
    [`/${client.wabaId}/phone_numbers`, client.token],
    [`/${client.phoneId}`, client.token],
    [`/${config.business_id}/extendedcredits`, config.system_user_token],
    [`/${config.business_id}/client_whatsapp_business_accounts`, config.system_user_token],
  ]
  const crashes: string[] = []
  for (const [path, token] of reads) {
    for (const name of ['fields', 'limit', 'after', 'before', 'name', 'status', 'category']) {
      for (const value of HOSTILE) {
        const query = { [name]: typeof value === 'string' ? value : JSON.stringify(value) }
        const result = await t.graph('GET', path, { token, query })
        if (result.status >= 500) crashes.push(`${path}?${name}=${query[name]} → ${result.status}`)
      }
    }
  }
  expect(crashes).toEqual([])
})
