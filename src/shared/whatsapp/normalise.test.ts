import { describe, expect, it } from 'vitest'
import inbound from './fixtures/inbound-messages.json'
import statuses from './fixtures/statuses.json'
import valueErrors from './fixtures/value-errors.json'
import management from './fixtures/management.json'
import echoes from './fixtures/message-echoes.json'
import identity from './fixtures/identity.json'
import { normaliseWebhook } from './normalise'
import { only } from './normalise-testing'

/**
 * Every fixture through the normaliser: nothing dropped (one update per message, status, error,
 * echo and other change, each pointing at the very node it came from), and each type's fields
 * read into the flat view.
 */

type Body = { entry: { changes: { field: string; value: Record<string, unknown> }[] }[] }
const all = { ...inbound, ...statuses, ...valueErrors, ...management, ...echoes, ...identity }

/** Counted from the body alone, without the normaliser's code. */
function expectedCount(body: Body): number {
  let count = 0
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      const items = (key: string) => (change.value[key] as unknown[] | undefined)?.length ?? 0
      if (change.field === 'messages') {
        count += Math.max(1, items('messages') + items('statuses') + items('errors'))
      } else if (change.field === 'smb_message_echoes') {
        count += Math.max(1, items('message_echoes'))
      } else count += 1
    }
  }
  return count
}

/** The node at an update's `at.path` (`entry[0].changes[1].value.statuses[3]`). */
function resolve(body: unknown, path: string): unknown {
  let node: unknown = body
  for (const part of path.split('.')) {
    if (part === '$') continue
    const match = /^(\w+)(?:\[(\d+)\])?$/.exec(part)
    if (!match) throw new Error(`bad path ${path}`)
    node = (node as Record<string, unknown>)[match[1]!]
    if (match[2] !== undefined) node = (node as unknown[])[Number(match[2])]
  }
  return node
}

describe('every fixture', () => {
  it.each(Object.entries(all))(
    '%s: one update per item, each from its own raw node',
    (_n, body) => {
      const updates = normaliseWebhook(body)
      expect(updates).toHaveLength(expectedCount(body as Body))
      for (const update of updates) {
        expect(resolve(body, update.at.path)).toBe(update.raw)
        expect(update.kind).not.toMatch(/^(malformed|unknown)$/)
        expect(update.issues).toEqual([])
      }
    },
  )

  it('reads JSON text the same as parsed JSON', () => {
    expect(normaliseWebhook(JSON.stringify(statuses.batch))).toEqual(
      normaliseWebhook(statuses.batch),
    )
  })
})

describe('inbound messages', () => {
  it('text: wamid, sender with BSUID and profile, Meta time, business number', () => {
    const m = only(inbound.text, 'message')
    expect(m).toMatchObject({
      key: 'message:wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQUVCNzM0MDlDMjY0MEEzQzYxRQA=',
      type: 'text',
      text: 'Does it come in another color?',
      timestampMs: 1749416383000,
      timestamp: '2025-06-08T20:59:43.000Z',
      business: { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' },
      from: { waId: '16315551181', userId: 'US.13491208655302741918', profileName: 'Kerry Fisher' },
      at: { entryId: '102290129340398', field: 'messages', changeIndex: 0, itemIndex: 0 },
    })
  })

  it('a username user without a phone number is named by BSUID', () => {
    const m = only(identity.text_username_only, 'message')
    expect(m.from).toEqual({
      waId: null,
      userId: 'US.13491208655302741918',
      parentUserId: 'US.11815799212886844830',
      profileName: 'Sheena Nelson',
      username: '@realsheenanelson',
    })
  })

  it('media: id, mime type, sha256, caption, filename, voice, animated', () => {
    expect(only(inbound.image, 'message')).toMatchObject({ media: { id: expect.any(String) } })
    const doc = only(inbound.document, 'message')
    expect(doc.media?.filename).toBeTruthy()
    expect(doc.media?.mimeType).toBeTruthy()
    expect(doc.media?.sha256).toBeTruthy()
    expect(only(inbound.audio_voice, 'message').media?.voice).toBe(true)
    expect(only(inbound.sticker_animated, 'message').media?.animated).toBe(true)
    for (const name of ['image', 'video', 'document', 'audio', 'sticker'] as const) {
      const m = only(inbound[name], 'message')
      const raw = m.raw as Record<string, { caption?: string }>
      expect(m.text).toBe(raw[name]?.caption ?? null)
    }
  })

  it('location and contacts', () => {
    const loc = only(inbound.location, 'message')
    expect(loc.location).toMatchObject({
      latitude: expect.any(Number),
      longitude: expect.any(Number),
    })
    const cards = only(inbound.contacts, 'message').contacts!
    expect(cards.map((c) => c.formattedName)).toEqual(['Pablo Morales', 'Monica'])
    expect(cards[0]!.phones[0]).toEqual({
      phone: '+1 (631) 555-1102',
      waId: '16315551102',
      type: 'WORK',
    })
    expect(cards[0]!.emails).toEqual(['pablomorales@example.com'])
  })

  it('interactive replies (button, list, nfm) and template buttons show their title', () => {
    const button = only(inbound.interactive_button_reply, 'message')
    expect(button.interactive?.type).toBe('button_reply')
    expect(button.text).toBe(button.interactive?.title)
    expect(button.context?.messageId).toBeTruthy()
    const list = only(inbound.interactive_list_reply, 'message')
    expect(list.interactive).toMatchObject({ type: 'list_reply', id: 'priority_express' })
    const flow = only(inbound.interactive_nfm_reply, 'message')
    expect(flow.interactive).toMatchObject({
      type: 'nfm_reply',
      responseJson: '{"flow_token":"unused"}',
    })
    expect(flow.text).toBe('Sent')
    const quick = only(inbound.button_quick_reply, 'message')
    expect(quick.button?.text).toBeTruthy()
    expect(quick.text).toBe(quick.button?.text)
  })

  it('reactions, and their removal (emoji omitted or empty) as emoji null', () => {
    expect(only(inbound.reaction, 'message').reaction?.emoji).toBeTruthy()
    for (const removed of [inbound.reaction_removed, inbound.reaction_removed_empty_emoji]) {
      const r = only(removed, 'message').reaction
      expect(r).toEqual({ messageId: expect.stringMatching(/^wamid\./), emoji: null })
    }
  })

  it('order with its items', () => {
    const order = only(inbound.order, 'message')
    expect(order.text).toBe('Please deliver before 6pm')
    expect(order.order?.items).toEqual([
      { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' },
      { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD' },
    ])
  })

  it('system messages: number change, user-id change, identity change', () => {
    const number = only(inbound.system_user_changed_number, 'message')
    expect(number.system).toMatchObject({ type: 'user_changed_number', newWaId: '16315558277' })
    expect(number.from.waId).toBe('16315551181')
    const userId = only(inbound.system_user_changed_user_id, 'message')
    expect(userId.system).toMatchObject({
      type: 'user_changed_user_id',
      previousUserId: 'US.13491208655302741918',
      newUserId: 'US.80452299105562833175',
    })
    const changed = only(inbound.system_customer_identity_changed, 'message')
    expect(changed.identity).toEqual({
      acknowledged: true,
      created_timestamp: '1749417520',
      hash: 'Sjvjlx8G6Z0=',
    })
  })

  it('unsupported messages keep their errors; a type added later is kept and flagged', () => {
    const unsupported = only(inbound.unsupported, 'message')
    expect(unsupported.unsupportedType).toBe('poll_creation')
    expect(unsupported.errors).toEqual([
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        details: 'Message type is currently not supported.',
        href: null,
      },
    ])
    const future = only(inbound.future_type, 'message')
    expect(future).toMatchObject({ type: 'request_welcome', knownType: false })
  })

  it('ad referral with click id; Status ad without; reply context, forwards, product', () => {
    const ad = only(inbound.text_ad_referral, 'message').referral
    expect(ad).toMatchObject({ sourceType: 'ad', ctwaClid: expect.stringMatching(/^Aff-/) })
    expect(ad?.welcomeMessageText).toBe('Hi there! How can we help?')
    expect(only(inbound.text_status_ad_referral, 'message').referral?.ctwaClid).toBeNull()
    expect(only(inbound.text_reply, 'message').context?.messageId).toMatch(/^wamid\./)
    expect(only(inbound.text_forwarded, 'message').context).toMatchObject({ forwarded: true })
    expect(only(inbound.text_frequently_forwarded, 'message').context).toMatchObject({
      frequentlyForwarded: true,
    })
    expect(only(inbound.text_product_enquiry, 'message').context?.referredProduct).toEqual({
      catalogId: '194836987003835',
      productRetailerId: 'di9ozbzfi4',
    })
  })
})
