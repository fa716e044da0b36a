import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import inbound from '@shared/whatsapp/fixtures/inbound-messages.json'
import valueErrors from '@shared/whatsapp/fixtures/value-errors.json'
import { KNOWN_INBOUND_TYPES } from '@shared/whatsapp/webhook-schema'
import {
  http,
  onboard,
  type Callback,
  type Client,
  type Json,
  type TestSandbox,
  startSandbox,
} from '../testing/harness'

/**
 * `POST /_sandbox/customers/messages` over real HTTP: every Meta fixture goes in as its webhook
 * carries it and must come out of the signed webhook unchanged but for `id`, `from`, `timestamp`.
 */

let t: TestSandbox
let callback: Callback
let client: Client
beforeAll(async () => {
  t = await startSandbox()
  callback = await t.appCallback()
  client = await onboard(t)
})
afterAll(() => t.close())

const CUSTOMER = '16315551181'
type Fixture = { entry: { changes: { value: Json }[] }[] }
const valueOf = (fixture: Fixture) => fixture.entry[0]!.changes[0]!.value

/** The control body for a fixture's value: the message as it is, the sender beside it. */
function bodyFor(value: Json, extra: Record<string, unknown> = {}) {
  const message = value.messages[0]
  return {
    phone_number_id: client.phoneId,
    from: value.contacts?.[0]?.wa_id ?? message.from ?? CUSTOMER,
    contact: value.contacts?.[0] ?? null,
    ...message,
    ...extra,
  }
}

/** The delivered `messages` value carrying this wamid (or these value-level errors). */
async function delivered(match: (value: Json) => boolean): Promise<Json> {
  await callback.waitFor((c) =>
    c.changes().some((ch) => ch.field === 'messages' && match(ch.value)),
  )
  return callback.changes().find((ch) => ch.field === 'messages' && match(ch.value))?.value
}
const withMessage = (id: string) => (value: Json) => value.messages?.[0]?.id === id

async function inject(body: unknown) {
  const result = await t.control('POST', '/customers/messages', body)
  expect(result.status, JSON.stringify(result.body)).toBe(200)
  return result.body as { id: string; webhook: string | null }
}

const withoutSandboxFields = ({ id: _i, from: _f, timestamp: _t, ...rest }: Json) => rest

describe('Meta fixtures round-trip verbatim', () => {
  it('cover every modelled inbound type and more', () => {
    const types = new Set(Object.values(inbound).map((f) => valueOf(f).messages[0].type))
    for (const type of [...KNOWN_INBOUND_TYPES, 'request_welcome']) expect(types).toContain(type)
  })

  it.each(Object.entries(inbound))('%s', async (_name, fixture) => {
    const value = valueOf(fixture)
    const message = value.messages[0]
    const { id } = await inject(bodyFor(value))
    const got = await delivered(withMessage(id))
    expect(withoutSandboxFields(got.messages[0])).toEqual(withoutSandboxFields(message))
    expect(got.messages[0].id).toMatch(/^wamid\./)
    expect(got.messages[0].from).toBe(message.from)
    expect(got.messages[0].timestamp).toMatch(/^\d+$/)
    expect(got.contacts).toEqual(value.contacts)
    expect(got.metadata).toEqual({
      display_phone_number: client.displayPhone,
      phone_number_id: client.phoneId,
    })
    expect(Object.keys(got).sort()).toEqual(Object.keys(value).sort())
  })

  it('value-level errors beside a message (131000 with the interactive object missing)', async () => {
    const value = valueOf(valueErrors.interactive_missing_131000)
    const { id } = await inject(bodyFor(value, { value_errors: value.errors }))
    const got = await delivered(withMessage(id))
    expect(got.errors).toEqual(value.errors)
    expect(withoutSandboxFields(got.messages[0])).toEqual(withoutSandboxFields(value.messages[0]))
  })

  it('value-level errors alone (130429) through POST /_sandbox/customers/errors', async () => {
    const value = valueOf(valueErrors.throughput_130429)
    const result = await t.control('POST', '/customers/errors', {
      phone_number_id: client.phoneId,
      errors: value.errors,
    })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ webhook: callback.url })
    const got = await delivered((v) => v.errors?.[0]?.code === 130429)
    expect(got).toEqual({ ...value, metadata: got.metadata })
    const bad = await t.control('POST', '/customers/errors', {
      phone_number_id: client.phoneId,
      errors: [{ title: 'no code' }],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toMatch(/errors\.0\.code/)
  })
})

describe('verbatim delivery', () => {
  it('passes unknown fields through untouched, at every level', async () => {
    const { id } = await inject({
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      contact: { profile: { name: 'Kerry', username: 'kerry' }, wa_id: CUSTOMER, tier: 'gold' },
      type: 'text',
      text: { body: 'hello', preview: { kind: 'link' } },
      from_logical_id: '95000398405635',
      context: { forwarded: true, forwarding_score: 7 },
      future_block: [{ a: 1 }, null, 'x'],
    })
    const got = await delivered(withMessage(id))
    expect(got.contacts).toEqual([
      { profile: { name: 'Kerry', username: 'kerry' }, wa_id: CUSTOMER, tier: 'gold' },
    ])
    expect(got.messages[0]).toMatchObject({
      text: { body: 'hello', preview: { kind: 'link' } },
      from_logical_id: '95000398405635',
      context: { forwarded: true, forwarding_score: 7 },
      future_block: [{ a: 1 }, null, 'x'],
    })
  })

  it('refuses __proto__ anywhere in the body and leaves Object.prototype alone', async () => {
    const raw = `{"phone_number_id":"${client.phoneId}","from":"${CUSTOMER}","type":"text","text":{"body":"x"},"context":{"__proto__":{"polluted":true}}}`
    // JSON.parse makes `__proto__` an own key, and JSON.stringify sends it as such.
    const result = await t.control('POST', '/customers/messages', JSON.parse(raw))
    expect(result.status).toBe(400)
    expect(result.body.error.details).toMatch(/context\.__proto__/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('treats inherited names as plain values: an interactive or MIME type called constructor', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const reply = await t.control('POST', '/customers/messages', {
        phone_number_id: client.phoneId,
        from: CUSTOMER,
        type: 'interactive',
        interactive: { type: name },
      })
      expect(reply.status).toBe(200)
      const media = await t.control('POST', '/customers/messages', {
        phone_number_id: client.phoneId,
        from: CUSTOMER,
        type: 'document',
        document: { mime_type: name, filename: 'x' },
      })
      expect(media.status).toBe(200)
    }
  })

  it('keeps a compact body working: media without an id gets a downloadable file', async () => {
    const { id } = await inject({
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      type: 'audio',
      audio: { voice: true },
    })
    const audio = (await delivered(withMessage(id))).messages[0].audio
    expect(audio).toMatchObject({ voice: true, mime_type: 'audio/ogg; codecs=opus' })
    const info = await t.graph('GET', `/${audio.id}`, { token: client.token })
    expect(info.body).toMatchObject({ mime_type: 'audio/ogg', sha256: audio.sha256 })
    const download = await http('GET', audio.url, { token: client.token })
    expect(download.status).toBe(200)
    expect(download.raw.subarray(0, 4).toString('latin1')).toBe('OggS')

    // That media's id given again is delivered as given and still resolves.
    const given = { id: audio.id, mime_type: 'audio/ogg; codecs=opus', sha256: audio.sha256 }
    const again = await inject({
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      type: 'audio',
      audio: given,
    })
    expect((await delivered(withMessage(again.id))).messages[0].audio).toEqual(given)
    expect((await t.graph('GET', `/${audio.id}`, { token: client.token })).status).toBe(200)
  })

  it('fills context.from of a compact reply with the business number', async () => {
    const { id } = await inject({
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      type: 'text',
      text: { body: 'yes' },
      context: { id: 'wamid.HBgLMTYzMTU1NTExODEVAgARGBI1QjZDQjQ4RTk5OEQ2RDdCQTcA' },
    })
    expect((await delivered(withMessage(id))).messages[0].context).toEqual({
      from: client.displayPhone,
      id: 'wamid.HBgLMTYzMTU1NTExODEVAgARGBI1QjZDQjQ4RTk5OEQ2RDdCQTcA',
    })
  })

  it('answers a readable 400 for a message the sandbox cannot send', async () => {
    const result = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      from: CUSTOMER,
      type: 'reaction',
      reaction: { emoji: '👍' },
    })
    expect(result.status).toBe(400)
    expect(result.body.error).toMatchObject({
      message: 'Invalid request body',
      details: expect.stringMatching(/^reaction\.message_id: /),
    })
  })
})
