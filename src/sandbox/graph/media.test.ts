import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  expectGraphError,
  http,
  multipart,
  onboard,
  startSandbox,
  type Client,
  type TestSandbox,
} from '../testing/harness'

let t: TestSandbox
let client: Client
beforeEach(async () => {
  t = await startSandbox()
  client = await onboard(t)
})
afterEach(() => t.close())

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a png'),
])

const upload = (
  file: { data: Buffer; type?: string; filename?: string },
  type?: string,
  token = client.token,
) =>
  t.graph('POST', `/${client.phoneId}/media`, {
    token,
    ...multipart([
      { name: 'messaging_product', value: 'whatsapp' },
      ...(type ? [{ name: 'type', value: type }] : []),
      { name: 'file', file },
    ]),
  })

describe('media upload, retrieval and download', () => {
  it('uploads, describes and downloads with the Bearer token', async () => {
    const uploaded = await upload(
      { data: PNG, type: 'image/png', filename: 'logo.png' },
      'image/png',
    )
    expect(uploaded.status).toBe(200)
    expect(Object.keys(uploaded.body)).toEqual(['id'])
    const id = uploaded.body.id
    const info = await t.graph('GET', `/${id}`, { token: client.token })
    expect(Object.keys(info.body)).toEqual([
      'messaging_product',
      'url',
      'mime_type',
      'sha256',
      'file_size',
      'id',
    ])
    expect(info.body).toMatchObject({
      messaging_product: 'whatsapp',
      mime_type: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
      file_size: PNG.length,
      id,
    })
    const download = await http('GET', info.body.url, { token: client.token })
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('image/png')
    expect(download.raw.equals(PNG)).toBe(true)
  })

  it('refuses the download without a token (401) and after 5 minutes (404)', async () => {
    const { body } = await upload({ data: PNG, type: 'image/png' })
    const info = await t.graph('GET', `/${body.id}`, { token: client.token })
    expect((await http('GET', info.body.url)).status).toBe(401)
    expect((await http('GET', info.body.url, { token: 'EAAnope' })).status).toBe(401)
    await t.advance(301)
    expect((await http('GET', info.body.url, { token: client.token })).status).toBe(404)
    // A fresh GET /{media} gives a fresh URL.
    const again = await t.graph('GET', `/${body.id}`, { token: client.token })
    expect((await http('GET', again.body.url, { token: client.token })).status).toBe(200)
  })

  it('deletes media: later reads get Graph’s unsupported-request error', async () => {
    const { body } = await upload({ data: PNG, type: 'image/png' })
    expect((await t.graph('DELETE', `/${body.id}`, { token: client.token })).body).toEqual({
      success: true,
    })
    expect(
      expectGraphError(await t.graph('GET', `/${body.id}`, { token: client.token }), 100, 400)
        .error_subcode,
    ).toBe(33)
  })

  it('hides media from another client’s token', async () => {
    const { body } = await upload({ data: PNG, type: 'image/png' })
    const other = await onboard(t)
    expectGraphError(await t.graph('GET', `/${body.id}`, { token: other.token }), 100, 400)
  })

  it('refuses a MIME type that does not match the bytes or the part (131053)', async () => {
    const lying = await upload(
      { data: Buffer.from('not a jpeg at all'), type: 'image/jpeg' },
      'image/jpeg',
    )
    expect(expectGraphError(lying, 131053, 400).error_data?.details).toMatch(
      /does not match its MIME type/,
    )
    const conflicting = await upload({ data: PNG, type: 'image/png' }, 'image/jpeg')
    expectGraphError(conflicting, 131053, 400)
  })

  it('refuses unsupported types (100) and files over the type’s limit (131053)', async () => {
    const gif = await upload({ data: Buffer.from('GIF89a'), type: 'image/gif' }, 'image/gif')
    expect(expectGraphError(gif, 100, 400).message).toMatch(
      /^\(#100\) Param file must be a file with one of the following types/,
    )
    const webp = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WEBP'),
      Buffer.alloc(600 * 1024),
    ])
    const big = await upload({ data: webp, type: 'image/webp' }, 'image/webp')
    expect(expectGraphError(big, 131053, 400).error_data?.details).toMatch(/exceeds/)
  })

  it('requires messaging_product and a file', async () => {
    const noFile = await t.graph('POST', `/${client.phoneId}/media`, {
      token: client.token,
      ...multipart([{ name: 'messaging_product', value: 'whatsapp' }]),
    })
    expect(expectGraphError(noFile, 100, 400).message).toBe(
      '(#100) The parameter file is required.',
    )
  })

  it('sends uploaded media by id, and refuses it as the wrong message type (131053)', async () => {
    const { body } = await upload({ data: PNG, type: 'image/png' })
    await customerWrites(t, client, '16505551234')
    const send = (type: string) =>
      t.graph('POST', `/${client.phoneId}/messages`, {
        token: client.token,
        json: { messaging_product: 'whatsapp', to: '16505551234', type, [type]: { id: body.id } },
      })
    expect((await send('image')).status).toBe(200)
    expect((await send('document')).status).toBe(200)
    expectGraphError(await send('audio'), 131053, 400)
  })

  it('makes a customer’s inbound image downloadable through GET /{media}', async () => {
    await customerWrites(t, client, '16505551234')
    const inbound = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      from: '16505551234',
      type: 'image',
      image: { caption: 'my receipt' },
    })
    expect(inbound.status).toBe(200)
    const state = await t.control('GET', '/state')
    const media = state.body.media.find((m: { mime_type: string }) => m.mime_type === 'image/jpeg')
    const info = await t.graph('GET', `/${media.id}`, { token: client.token })
    const download = await http('GET', info.body.url, { token: client.token })
    expect(download.status).toBe(200)
    expect(createHash('sha256').update(download.raw).digest('hex')).toBe(info.body.sha256)
  })
})
