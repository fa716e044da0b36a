import { describe, expect, it } from 'vitest'
import {
  KNOWN_INBOUND_TYPES,
  isKnownInboundMessage,
  messagesValueSchema,
  webhookEnvelopeSchema,
} from '@shared/whatsapp/webhook-schema'
import { envelope } from '../webhooks/payloads'
import { buildInboundEntry, parseInboundInput, type InboundInputBody } from './inbound'
import { seededRandom } from '@shared/random'

const phone = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
}
const base = {
  phone_number_id: phone.phoneNumberId,
  from: '16315551181',
  profile_name: 'Kerry Fisher',
}
const business = 'wamid.HBgLMTYzMTU1NTExODEVAgARGBI1QjZDQjQ4RTk5OEQ2RDdCQTcA'

const cases: [string, InboundInputBody][] = [
  ['text', { ...base, type: 'text', text: { body: 'Hello' } }],
  [
    'forwarded text',
    { ...base, type: 'text', text: { body: 'Fwd' }, context: { forwarded: true } },
  ],
  [
    'frequently forwarded text',
    { ...base, type: 'text', text: { body: 'Fwd' }, context: { frequently_forwarded: true } },
  ],
  ['reply text', { ...base, type: 'text', text: { body: 'Yes' }, context: { id: business } }],
  ['ad referral text', { ...base, type: 'text', text: { body: 'I saw your ad' }, referral: {} }],
  [
    'product enquiry',
    {
      ...base,
      type: 'text',
      text: { body: 'Available?' },
      context: {
        id: business,
        referred_product: { catalog_id: '1', product_retailer_id: 'sku-1' },
      },
    },
  ],
  [
    'BSUID text',
    { ...base, user_id: 'US.13491208655302741918', type: 'text', text: { body: 'hi' } },
  ],
  ['image', { ...base, type: 'image', image: { caption: 'Look' } }],
  ['image without object', { ...base, type: 'image' }],
  ['video', { ...base, type: 'video', video: {} }],
  ['document', { ...base, type: 'document', document: { filename: 'invoice.pdf' } }],
  ['audio', { ...base, type: 'audio' }],
  ['voice note', { ...base, type: 'audio', audio: { voice: true } }],
  ['sticker', { ...base, type: 'sticker' }],
  ['animated sticker', { ...base, type: 'sticker', sticker: { animated: true } }],
  [
    'location',
    { ...base, type: 'location', location: { latitude: 37.48, longitude: '-122.14', name: 'HQ' } },
  ],
  [
    'contacts',
    {
      ...base,
      type: 'contacts',
      contacts: [
        {
          name: { first_name: 'Pablo', last_name: 'Morales' },
          phones: [{ phone: '+1 631 555 1102', type: 'WORK' }],
        },
      ],
    },
  ],
  [
    'button reply',
    {
      ...base,
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
      context: { id: business },
    },
  ],
  [
    'list reply',
    {
      ...base,
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row 1' } },
      context: { id: business },
    },
  ],
  [
    'template quick reply',
    { ...base, type: 'button', button: { text: 'Stop promotions' }, context: { id: business } },
  ],
  ['reaction', { ...base, type: 'reaction', reaction: { message_id: business, emoji: '👍' } }],
  ['reaction removal', { ...base, type: 'reaction', reaction: { message_id: business } }],
  [
    'order',
    {
      ...base,
      type: 'order',
      order: {
        catalog_id: '194836987003835',
        product_items: [
          { product_retailer_id: 'sku-1', quantity: 2, item_price: 30, currency: 'USD' },
        ],
      },
    },
  ],
  [
    'user_changed_number',
    { ...base, type: 'system', system: { type: 'user_changed_number', wa_id: '16315558277' } },
  ],
  [
    'user_changed_user_id',
    {
      ...base,
      user_id: 'US.1',
      type: 'system',
      system: { type: 'user_changed_user_id', user_id: 'US.2' },
    },
  ],
  [
    'customer_identity_changed',
    { ...base, type: 'system', system: { type: 'customer_identity_changed' } },
  ],
  ['unsupported', { ...base, type: 'unsupported' }],
]

function build(body: InboundInputBody) {
  const parsed = parseInboundInput(body)
  if (!parsed.ok) throw new Error(parsed.error)
  return buildInboundEntry(phone, parsed.input, {
    clock: { unixSeconds: () => '1750000000' },
    random: seededRandom(7),
    mediaUrl: (id) => `http://127.0.0.1:1/media/${id}`,
  })
}

function only(body: InboundInputBody) {
  const { entry } = build(body)
  const value = messagesValueSchema.parse(entry.value)
  const message = value.messages![0]!
  if (!isKnownInboundMessage(message)) throw new Error('unmodelled')
  return { value, message }
}

describe('inbound builders', () => {
  it.each(cases)(
    '%s validates against the webhook schema inside a full envelope',
    (_name, body) => {
      const { entry } = build(body)
      const full = envelope([
        { id: entry.wabaId, changes: [{ value: entry.value, field: entry.field }] },
      ])
      const parsed = webhookEnvelopeSchema.safeParse(JSON.parse(JSON.stringify(full)))
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    },
  )

  it('covers every modelled inbound type', () => {
    const types = new Set(cases.map(([, body]) => body.type))
    expect([...types].sort()).toEqual([...KNOWN_INBOUND_TYPES].sort())
  })

  it('fills wamid, timestamp, contact and business metadata', () => {
    const { value, message } = only(cases[0]![1])
    expect(message.id).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/)
    expect(message.timestamp).toBe('1750000000')
    expect(message.from).toBe('16315551181')
    expect(value.contacts).toEqual([{ profile: { name: 'Kerry Fisher' }, wa_id: '16315551181' }])
    expect(value.metadata).toEqual({
      display_phone_number: '15550783881',
      phone_number_id: '106540352242922',
    })
  })

  it('fills media defaults: id, sha256, MIME type and url', () => {
    const { message } = only({ ...base, type: 'image' })
    expect(message.type === 'image' && message.image).toMatchObject({
      mime_type: 'image/jpeg',
      id: expect.stringMatching(/^\d{16}$/),
      sha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:1\/media\/\d{16}$/),
    })
    const voice = only({ ...base, type: 'audio', audio: { voice: true } }).message
    expect(voice.type === 'audio' && voice.audio).toMatchObject({
      voice: true,
      mime_type: 'audio/ogg; codecs=opus',
    })
    const sticker = only({ ...base, type: 'sticker', sticker: { animated: true } }).message
    expect(sticker.type === 'sticker' && sticker.sticker).toMatchObject({
      animated: true,
      mime_type: 'image/webp',
    })
  })

  it('sets context.from to the business number on replies', () => {
    const { message } = only(cases[3]![1])
    expect(message.context).toEqual({ from: '15550783881', id: business })
  })

  it('keeps a reaction removal as given: emoji empty or absent', () => {
    const empty = only({ ...base, type: 'reaction', reaction: { message_id: business, emoji: '' } })
    expect(empty.message.type === 'reaction' && empty.message.reaction).toEqual({
      message_id: business,
      emoji: '',
    })
    const absent = only({ ...base, type: 'reaction', reaction: { message_id: business } })
    expect(absent.message.type === 'reaction' && absent.message.reaction).toEqual({
      message_id: business,
    })
  })

  it('delivers a media object that has an id as given, without filling anything', () => {
    const image = { id: '1003383421387256', mime_type: 'image/png', sha256: 'abcdefgh12345678' }
    const { message } = only({ ...base, type: 'image', image })
    expect(message.type === 'image' && message.image).toEqual(image)
    const audio = { id: '1468195441183040', mime_type: 'audio/mpeg', sha256: 'abcdefgh12345678' }
    const voice = only({ ...base, type: 'audio', audio }).message
    expect(voice.type === 'audio' && voice.audio).toEqual(audio)
  })

  it('keeps context, referral and errors as given, unknown fields included', () => {
    const context = { from: '15550000000', id: business, forwarded: false, note: 'x' }
    // A Status ad: Meta sends no ctwa_clid, and the sandbox must not add one.
    const referral = { source_url: 'https://fb.me/x', source_id: '1', source_type: 'status' }
    const errors = [{ code: 131051, details: 'custom' }]
    const { message } = only({
      ...base,
      type: 'text',
      text: { body: 'x', format: 'plain' },
      context,
      referral,
      errors,
      brand_new_field: { nested: [1, 2] },
    })
    expect(message).toMatchObject({
      context,
      referral,
      errors,
      text: { body: 'x', format: 'plain' },
      brand_new_field: { nested: [1, 2] },
    })
    expect(message.referral).not.toHaveProperty('ctwa_clid')
  })

  it('sends a type it does not model with its fields as given', () => {
    const { message } = build({ ...base, type: 'request_welcome' })
    expect(message).toEqual({
      from: base.from,
      id: expect.stringMatching(/^wamid\./),
      timestamp: '1750000000',
      type: 'request_welcome',
    })
  })

  it('replaces a given id and timestamp with the sandbox’s own', () => {
    const { message } = only({
      ...base,
      id: 'wamid.fixture',
      timestamp: '1',
      type: 'text',
      text: { body: 'x' },
    })
    expect(message.id).not.toBe('wamid.fixture')
    expect(message.timestamp).toBe('1750000000')
  })

  it('takes the sender contact verbatim, or none', () => {
    const contact = {
      profile: { name: 'Kerry', username: '@kerry' },
      wa_id: base.from,
      user_id: 'US.1',
      identity_key_hash: 'abc',
    }
    const { value } = only({ ...base, contact, type: 'text', text: { body: 'x' } })
    expect(value.contacts).toEqual([contact])
    const none = only({ ...base, contact: null, type: 'text', text: { body: 'x' } })
    expect(none.value.contacts).toBeUndefined()
  })

  it('sends value-level errors beside the message, filling title and message from the code', () => {
    const { value } = only({
      ...base,
      type: 'interactive',
      value_errors: [{ code: 131000, error_data: { details: 'Unsupported webhook payload' } }],
    })
    expect(value.errors).toEqual([
      {
        code: 131000,
        title: 'Something went wrong',
        message: 'Something went wrong',
        error_data: { details: 'Unsupported webhook payload' },
      },
    ])
    expect(value.messages?.[0]).not.toHaveProperty('interactive')
  })

  it('fills an ad referral with a ctwa_clid', () => {
    const { message } = only(cases[4]![1])
    expect(message.referral).toMatchObject({
      source_type: 'ad',
      media_type: 'image',
      ctwa_clid: expect.stringMatching(/^Aff\d+$/),
    })
  })

  it('sends number-change system messages without contacts and user-id changes without from', () => {
    const changed = only({
      ...base,
      type: 'system',
      system: { type: 'user_changed_number', wa_id: '16315558277' },
    })
    expect(changed.value.contacts).toBeUndefined()
    expect(changed.message.type === 'system' && changed.message.system).toEqual({
      body: 'User Kerry Fisher changed from 16315551181 to 16315558277',
      wa_id: '16315558277',
      type: 'user_changed_number',
    })
    const userId = only({
      ...base,
      user_id: 'US.1',
      type: 'system',
      system: { type: 'user_changed_user_id', user_id: 'US.2' },
    })
    expect(userId.message.from).toBeUndefined()
    expect(userId.message.type === 'system' && userId.message.system.previous_user_id).toBe('US.1')
  })

  it('marks unsupported messages with error 131051', () => {
    const { message } = only({
      ...base,
      type: 'unsupported',
      unsupported: { type: 'poll_creation' },
    })
    expect(message.errors?.[0]).toMatchObject({ code: 131051, title: 'Message type unknown' })
    expect(message.type === 'unsupported' && message.unsupported).toEqual({ type: 'poll_creation' })
  })

  it.each([
    ['a type that is no type name', { ...base, type: 'Holo gram' }],
    ['a text without body', { ...base, type: 'text', text: {} }],
    ['a bad from', { ...base, from: 'abc', type: 'text', text: { body: 'x' } }],
    [
      'a button reply without title',
      { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: {} } },
    ],
    ['an interactive without its object', { ...base, type: 'interactive' }],
    [
      'a number change without the new number',
      { ...base, type: 'system', system: { type: 'user_changed_number' } },
    ],
    [
      'a __proto__ key',
      JSON.parse(
        '{"phone_number_id":"1","from":"16315551181","type":"text","text":{"body":"x","__proto__":{"a":1}}}',
      ) as InboundInputBody,
    ],
    [
      'a contact for another number',
      { ...base, contact: { wa_id: '4915112345678' }, type: 'text', text: { body: 'x' } },
    ],
  ])('rejects %s with a readable error', (_name, body) => {
    const result = parseInboundInput(body)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.length).toBeGreaterThan(0)
  })

  it('accepts a leading + on from', () => {
    const result = parseInboundInput({
      ...base,
      from: '+16315551181',
      type: 'text',
      text: { body: 'x' },
    })
    expect(result.ok && result.input.from).toBe('16315551181')
  })
})
