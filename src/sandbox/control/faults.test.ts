import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectGraphError,
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

const fault = (body: Record<string, unknown>) => t.control('POST', '/faults', { rate: 1, ...body })
const readPhone = () => t.graph('GET', `/${client.phoneId}`, { token: client.token })
const sendText = () =>
  t.graph('POST', `/${client.phoneId}/messages`, {
    token: client.token,
    json: { messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'x' } },
  })

describe('POST /_sandbox/faults', () => {
  it('server_error answers 131000 with HTTP 500', async () => {
    await fault({ kinds: ['server_error'] })
    expectGraphError(await readPhone(), 131000, 500)
  })

  it('unavailable answers 133004 on WhatsApp phone endpoints and 2 elsewhere, both 503', async () => {
    await fault({ kinds: ['unavailable'] })
    expectGraphError(await sendText(), 133004, 503)
    expectGraphError(await readPhone(), 2, 503)
  })

  it('rate_limit (130429), app_rate_limit (4) and token_expired (190/463)', async () => {
    await fault({ kinds: ['rate_limit'] })
    expectGraphError(await sendText(), 130429, 400)
    await fault({ kinds: ['app_rate_limit'] })
    expect(expectGraphError(await readPhone(), 4, 400).message).toBe(
      '(#4) Application request limit reached',
    )
    await fault({ kinds: ['token_expired'] })
    expect(expectGraphError(await readPhone(), 190, 401).error_subcode).toBe(463)
  })

  it('reset destroys the connection', async () => {
    await fault({ kinds: ['reset'] })
    await expect(readPhone()).rejects.toThrow()
  })

  it('timeout holds the response until the client gives up', async () => {
    await fault({ kinds: ['timeout'] })
    const attempt = request(`${t.url}/v25.0/${client.phoneId}`, {
      headers: { authorization: `Bearer ${client.token}` },
      headersTimeout: 200,
    })
    await expect(attempt).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' })
  })

  it('slow delays (by time_scale) and then answers normally', async () => {
    await fault({ kinds: ['slow'], slow_ms: 10_000 })
    expect((await readPhone()).status).toBe(200)
  })

  it('applies only to the listed endpoints, and DELETE clears it', async () => {
    await fault({ kinds: ['server_error'], endpoints: ['messages'] })
    expect((await readPhone()).status).toBe(200)
    expectGraphError(await sendText(), 131000, 500)
    expect((await t.control('DELETE', '/faults')).body).toEqual({ faults: null })
    expectGraphError(await sendText(), 131047, 400)
  })

  it('is reproducible from a seed', async () => {
    const run = async () => {
      await t.control('POST', '/faults', {
        rate: 0.5,
        kinds: ['server_error'],
        endpoints: ['phone_numbers'],
        seed: 42,
      })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await readPhone()).status)
      return statuses
    }
    const first = await run()
    expect(first).toContain(500)
    expect(first).toContain(200)
    expect(await run()).toEqual(first)
    const stats = await t.control('GET', '/faults')
    expect(stats.body.injected.server_error).toBe(first.filter((s) => s === 500).length * 2)
  })

  it('validates its body', async () => {
    const bad = await t.control('POST', '/faults', { rate: 2, kinds: ['meteor'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'kinds.0',
      'rate',
    ])
    const endpoint = await t.control('POST', '/faults', {
      rate: 1,
      kinds: ['reset'],
      endpoints: ['everything'],
    })
    expect(endpoint.status).toBe(400)
  })
})
