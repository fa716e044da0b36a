import { request, type ClientRequest, type IncomingMessage } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectGraphError,
  multipart,
  onboard,
  rawHttp,
  startSandbox,
  type Client,
  type TestSandbox,
} from '../testing/harness'
import { MAX_CONCURRENT_UPLOADS, SMALL_BODY_BYTES } from './request'

/**
 * Graph endpoints under abuse, over real HTTP: the token is checked before the body is read, every
 * content type has a cap, uploads are bounded, and `__proto__` / `constructor` are inert.
 */
let t: TestSandbox
let client: Client
beforeEach(async () => {
  t = await startSandbox()
  client = await onboard(t)
})
afterEach(() => t.close())

const MB = 1024 * 1024
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a png'),
])

interface Started {
  req: ClientRequest
  response: Promise<{ res: IncomingMessage; body: Buffer }>
}

/** Sends the headers and `first` bytes of a body that announces `length` bytes, and waits no more. */
function startUpload(path: string, headers: Record<string, string>, length: number, first: Buffer) {
  const url = new URL(t.url)
  const req = request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path,
    headers: { ...headers, 'content-length': String(length) },
  })
  const response = new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
  })
  req.write(first)
  return { req, response } satisfies Started
}

const graphError = (body: Buffer) =>
  (JSON.parse(body.toString('utf8')) as { error: { code: number; message: string } }).error

describe('the access token before the body', () => {
  it('answers a 10 MB upload without a token with the missing-token error, before the body', async () => {
    const { body, headers } = multipart([{ name: 'messaging_product', value: 'whatsapp' }])
    // 10 MB announced, a few bytes sent: the answer cannot have waited for the rest.
    const upload = startUpload(`/v25.0/${client.phoneId}/media`, headers, 10 * MB, body)
    const { res, body: reply } = await upload.response
    upload.req.destroy()
    expect(res.statusCode).toBe(400)
    expect(graphError(reply).code).toBe(104)
    expect(res.headers.connection).toBe('close')
  })

  it('refuses an invalid token in the header before reading the body (190)', async () => {
    const { body, headers } = multipart([{ name: 'messaging_product', value: 'whatsapp' }])
    const upload = startUpload(
      `/v25.0/${client.phoneId}/media`,
      { ...headers, authorization: 'Bearer not-a-token' },
      10 * MB,
      body,
    )
    const { res, body: reply } = await upload.response
    upload.req.destroy()
    expect(res.statusCode).toBe(401)
    expect(graphError(reply).code).toBe(190)
  })

  it('still takes a token from a small body', async () => {
    const result = await t.graph('GET', `/${client.phoneId}`, {
      form: { access_token: client.token, fields: 'id' },
    })
    expect(result.status).toBe(200)
    expect(result.body.id).toBe(client.phoneId)
  })
})

describe('body caps per content type', () => {
  const big = 'x'.repeat(SMALL_BODY_BYTES + 1)

  it('caps JSON, forms, unknown types and multipart outside media uploads (413)', async () => {
    const path = `/v25.0/${client.phoneId}/messages`
    const cases: [string, string | Buffer][] = [
      ['application/json', JSON.stringify({ messaging_product: 'whatsapp', pad: big })],
      ['application/x-www-form-urlencoded', `messaging_product=whatsapp&pad=${big}`],
      ['text/plain', big],
      [
        multipart([{ name: 'pad', value: big }]).headers['content-type'],
        multipart([{ name: 'pad', value: big }]).body,
      ],
    ]
    for (const [type, body] of cases) {
      const result = await rawHttp(t.url, path, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': type },
        body,
      })
      expect(result.status, type).toBe(413)
      expect(result.body.error.code).toBe(100)
    }
  })

  it('takes a media upload above the small cap, up to the media limit', async () => {
    const image = Buffer.concat([PNG, Buffer.alloc(2 * MB)])
    const result = await t.graph('POST', `/${client.phoneId}/media`, {
      token: client.token,
      ...multipart([
        { name: 'messaging_product', value: 'whatsapp' },
        { name: 'file', file: { data: image, type: 'image/png' } },
      ]),
    })
    expect(result.status, JSON.stringify(result.body)).toBe(200)
    expect(result.body.id).toMatch(/^\d+$/)
  })
})

describe('concurrent uploads', () => {
  it(`reads at most ${MAX_CONCURRENT_UPLOADS} uploads at once and frees the slots when they end`, async () => {
    const { body, headers } = multipart([{ name: 'messaging_product', value: 'whatsapp' }])
    const auth = { ...headers, authorization: `Bearer ${client.token}` }
    const path = `/v25.0/${client.phoneId}/media`
    const slow: Started[] = []
    const inProgress = async () =>
      (await t.control('GET', '/stats')).body.uploads_in_progress as number
    for (let i = 0; i < MAX_CONCURRENT_UPLOADS; i++)
      slow.push(startUpload(path, auth, 8 * MB, body.subarray(0, 20)))
    await expect.poll(inProgress).toBe(MAX_CONCURRENT_UPLOADS)
    const extra = await t.graph('POST', `/${client.phoneId}/media`, {
      token: client.token,
      ...multipart([
        { name: 'messaging_product', value: 'whatsapp' },
        { name: 'file', file: { data: PNG, type: 'image/png' } },
      ]),
    })
    expect(extra.status).toBe(429)
    expectGraphError(extra, 4)
    expect(extra.headers['retry-after']).toBe('1')

    // The clients give up: their slots are freed.
    for (const upload of slow) {
      upload.response.catch(() => undefined)
      upload.req.destroy()
    }
    await expect.poll(inProgress).toBe(0)
    const after = await t.graph('POST', `/${client.phoneId}/media`, {
      token: client.token,
      ...multipart([
        { name: 'messaging_product', value: 'whatsapp' },
        { name: 'file', file: { data: PNG, type: 'image/png' } },
      ]),
    })
    expect(after.status, JSON.stringify(after.body)).toBe(200)
  })
})

describe('__proto__ and constructor', () => {
  it('are plain keys in JSON bodies: nothing is inherited from them', async () => {
    const result = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: {
        ['__proto__']: { messaging_product: 'whatsapp', to: '15551230001', type: 'text' },
        constructor: { prototype: { messaging_product: 'whatsapp' } },
        text: { body: 'hi' },
      },
    })
    expect(result.status).toBe(400)
    expect(expectGraphError(result, 100).message).toMatch(/messaging_product/)
    expect(({} as Record<string, unknown>).messaging_product).toBeUndefined()
  })

  it('are plain keys in queries and forms: no token is inherited from __proto__', async () => {
    const query = new URLSearchParams({
      ['__proto__']: JSON.stringify({ access_token: client.token }),
    })
    const viaQuery = await rawHttp(t.url, `/v25.0/${client.phoneId}?${query}`)
    expect(viaQuery.body.error.code).toBe(104)
    const viaForm = await rawHttp(t.url, `/v25.0/${client.phoneId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query.toString(),
    })
    expect(viaForm.body.error.code).toBe(104)
  })

  it('are not fields of any node', async () => {
    for (const field of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const result = await t.graph('GET', `/${client.phoneId}`, {
        token: client.token,
        query: { fields: field },
      })
      expect(result.status, field).toBe(400)
      expect(expectGraphError(result, 100).message).toContain(`nonexisting field (${field})`)
    }
    // A JSON-looking value is decoded into a null-prototype object; it is read as text, not coerced.
    const objectFields = await t.graph('GET', `/${client.phoneId}`, {
      token: client.token,
      query: { fields: '{"a":1}' },
    })
    expect(objectFields.status).toBe(200)
    expect(objectFields.body).toEqual({ id: client.phoneId })
  })

  it('name no media type and no multipart field', async () => {
    for (const type of ['constructor', '__proto__']) {
      const result = await t.graph('POST', `/${client.phoneId}/media`, {
        token: client.token,
        ...multipart([
          { name: 'messaging_product', value: 'whatsapp' },
          { name: 'type', value: type },
          { name: '__proto__', value: 'x' },
          { name: 'file', file: { data: PNG, type: 'image/png' } },
        ]),
      })
      expect(result.status, type).toBe(400)
      expect(expectGraphError(result, 100).message).toContain(`Received file of type '${type}'`)
    }
  })
})
