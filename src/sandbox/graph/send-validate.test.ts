import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  customerWrites,
  expectGraphError,
  onboard,
  startSandbox,
  type Client,
  type TestSandbox,
} from '../testing/harness'

/** Every send type of https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages, accepted and refused with Meta's codes. */
let t: TestSandbox
let client: Client
let user = 16505560000

beforeAll(async () => {
  t = await startSandbox()
  client = await onboard(t)
})
afterAll(() => t.close())

/** Each send goes to a fresh user with an open window, so pair limits never interfere. */
async function send(body: Record<string, unknown>) {
  const to = String(user++)
  await customerWrites(t, client, to)
  return t.graph('POST', `/${client.phoneId}/messages`, {
    token: client.token,
    json: { messaging_product: 'whatsapp', to, ...body },
  })
}
const ok = async (body: Record<string, unknown>) => {
  const result = await send(body)
  expect(result.status, JSON.stringify(result.body)).toBe(200)
  return result
}
const refused = async (body: Record<string, unknown>, code: number) =>
  expectGraphError(await send(body), code, 400)

const long = (n: number) => 'x'.repeat(n)

describe('text', () => {
  it('accepts a body up to 4096 characters with preview_url', async () => {
    await ok({ type: 'text', text: { body: long(4096), preview_url: true } })
  })
  it('refuses a missing body (131008) and a body over 4096 (100)', async () => {
    const missing = await refused({ type: 'text', text: {} }, 131008)
    expect(missing.error_data?.details).toBe("The parameter text['body'] is required.")
    const tooLong = await refused({ type: 'text', text: { body: long(4097) } }, 100)
    expect(tooLong.message).toBe("(#100) Param text['body'] must be at most 4096 characters long.")
  })
  it('refuses an unsupported type with 131051', async () => {
    await refused({ type: 'poll', poll: {} }, 131051)
  })
})

describe('media by link', () => {
  for (const type of ['image', 'document', 'video', 'audio', 'sticker']) {
    it(`accepts ${type} with a link`, async () => {
      await ok({ type, [type]: { link: `https://example.com/file.${type}` } })
    })
  }
  it('refuses neither id nor link (131008), both (131009), a caption over 1024 (100)', async () => {
    await refused({ type: 'image', image: { caption: 'x' } }, 131008)
    await refused({ type: 'image', image: { id: '1', link: 'https://example.com/a.jpg' } }, 131009)
    await refused(
      { type: 'image', image: { link: 'https://example.com/a.jpg', caption: long(1025) } },
      100,
    )
    await refused({ type: 'document', document: { link: 'ftp://example.com/a.pdf' } }, 131009)
  })
  it('refuses an id that was never uploaded (131009)', async () => {
    await refused({ type: 'image', image: { id: '1234567890123456' } }, 131009)
  })
})

describe('location and contacts', () => {
  it('accepts a location with string coordinates, refuses out-of-range or missing ones', async () => {
    await ok({
      type: 'location',
      location: { latitude: '37.44216251868683', longitude: '-122.16153582049394', name: 'Philz' },
    })
    await refused({ type: 'location', location: { latitude: 91, longitude: 0 } }, 131009)
    await refused({ type: 'location', location: { latitude: 1 } }, 131008)
  })
  it('accepts contacts with a formatted name, refuses one without', async () => {
    await ok({
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Ana Silva', first_name: 'Ana' },
          phones: [{ phone: '+1 555 0100' }],
        },
      ],
    })
    const error = await refused({ type: 'contacts', contacts: [{ name: {} }] }, 131008)
    expect(error.error_data?.details).toBe(
      "The parameter contacts[0]['name']['formatted_name'] is required.",
    )
  })
})

describe('interactive', () => {
  const buttons = (n: number, title = (i: number) => `Option ${i}`) =>
    Array.from({ length: n }, (_, i) => ({
      type: 'reply',
      reply: { id: `b${i}`, title: title(i) },
    }))

  it('accepts reply buttons and refuses 4 buttons, long or duplicate titles', async () => {
    await ok({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick' },
        footer: { text: 'f' },
        action: { buttons: buttons(3) },
      },
    })
    await refused(
      {
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: buttons(4) } },
      },
      131009,
    )
    await refused(
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: { buttons: buttons(1, () => long(21)) },
        },
      },
      100,
    )
    await refused(
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: { buttons: buttons(2, () => 'Same') },
        },
      },
      131009,
    )
    await refused(
      { type: 'interactive', interactive: { type: 'button', action: { buttons: buttons(1) } } },
      131008,
    )
  })

  it('accepts a list and refuses more than 10 rows or a long row title', async () => {
    let next = 0
    const rows = (n: number, title = 'Row') =>
      Array.from({ length: n }, () => ({ id: `r${next++}`, title, description: 'd' }))
    const list = (sections: unknown[]) => ({
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'Menu' },
        body: { text: 'Choose' },
        action: { button: 'Open', sections },
      },
    })
    await ok(
      list([
        { title: 'A', rows: rows(5) },
        { title: 'B', rows: rows(5) },
      ]),
    )
    await refused(
      list([
        { title: 'A', rows: rows(6) },
        { title: 'B', rows: rows(5) },
      ]),
      131009,
    )
    await refused(list([{ rows: rows(1, long(25)) }]), 100)
    await refused(list([{ rows: rows(1) }, { rows: rows(1) }]), 131008)
  })

  it('accepts cta_url and refuses a long display text or a bad URL', async () => {
    const cta = (parameters: Record<string, string>) => ({
      type: 'interactive',
      interactive: {
        type: 'cta_url',
        body: { text: 'See' },
        action: { name: 'cta_url', parameters },
      },
    })
    await ok(cta({ display_text: 'Open', url: 'https://example.com' }))
    await refused(cta({ display_text: long(21), url: 'https://example.com' }), 100)
    await refused(cta({ display_text: 'Open', url: 'not a url' }), 131009)
  })

  it('refuses interactive kinds the sandbox does not model, saying so', async () => {
    const error = await refused(
      { type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: {} } },
      131009,
    )
    expect(error.error_data?.details).toMatch(/not supported by the sandbox/)
  })
})

describe('reactions and replies', () => {
  it('accepts a reaction (and its removal) and a contextual reply', async () => {
    const inbound = await customerWrites(t, client, '16505569999')
    const react = (emoji: string) =>
      t.graph('POST', `/${client.phoneId}/messages`, {
        token: client.token,
        json: {
          messaging_product: 'whatsapp',
          to: '16505569999',
          type: 'reaction',
          reaction: { message_id: inbound.id, emoji },
        },
      })
    expect((await react('\uD83D\uDE00')).status).toBe(200)
    expect((await react('')).status).toBe(200)
    await ok({ type: 'text', text: { body: 'reply' }, context: { message_id: inbound.id } })
  })
  it('refuses a reaction without message_id, or with a context', async () => {
    await refused({ type: 'reaction', reaction: { emoji: 'x' } }, 131008)
    await refused(
      {
        type: 'reaction',
        reaction: { message_id: 'wamid.x', emoji: 'x' },
        context: { message_id: 'wamid.y' },
      },
      131009,
    )
  })
})
