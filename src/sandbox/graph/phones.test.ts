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
  client = await onboard(t, { business_name: 'Phone Co', register: false })
})
afterEach(() => t.close())

const register = (body: Record<string, unknown>, phone = client.phoneId) =>
  t.graph('POST', `/${phone}/register`, {
    token: client.token,
    json: { messaging_product: 'whatsapp', ...body },
  })

describe('WABA and phone number reads', () => {
  it('GET /{waba} returns the default fields, owner_business_info on request, id always', async () => {
    const plain = await t.graph('GET', `/${client.wabaId}`, { token: client.token })
    expect(plain.body).toMatchObject({
      id: client.wabaId,
      name: 'Phone Co',
      currency: 'USD',
      timezone_id: '1',
    })
    expect(plain.body.message_template_namespace).toMatch(/^[0-9a-f_]{36}$/)
    const owner = await t.graph('GET', `/${client.wabaId}`, {
      token: client.token,
      query: { fields: 'owner_business_info' },
    })
    expect(owner.body).toEqual({
      owner_business_info: { name: 'Phone Co', id: client.businessId },
      id: client.wabaId,
    })
  })

  it('refuses an unknown field with Graph’s nonexisting-field error', async () => {
    const result = await t.graph('GET', `/${client.wabaId}`, {
      token: client.token,
      query: { fields: 'id,bogus' },
    })
    expect(expectGraphError(result, 100, 400).message).toBe(
      '(#100) Tried accessing nonexisting field (bogus) on node type (WhatsAppBusinessAccount)',
    )
  })

  it('lists phone numbers and reads a number, NOT_APPLICABLE until registered', async () => {
    const list = await t.graph('GET', `/${client.wabaId}/phone_numbers`, { token: client.token })
    expect(list.body.data).toEqual([
      {
        verified_name: 'Phone Co',
        display_phone_number: client.displayPhone,
        id: client.phoneId,
        quality_rating: 'GREEN',
      },
    ])
    const fields = 'platform_type,throughput,status,code_verification_status,webhook_configuration'
    const before = await t.graph('GET', `/${client.phoneId}`, {
      token: client.token,
      query: { fields },
    })
    expect(before.body).toMatchObject({
      platform_type: 'NOT_APPLICABLE',
      throughput: { level: 'NOT_APPLICABLE' },
      status: 'PENDING',
    })
    await register({ pin: '123456' })
    const after = await t.graph('GET', `/${client.phoneId}`, {
      token: client.token,
      query: { fields },
    })
    expect(after.body).toMatchObject({
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      status: 'CONNECTED',
      code_verification_status: 'VERIFIED',
    })
  })

  it('hides another client’s objects behind 100/33 and unknown edges behind the field error', async () => {
    const other = await onboard(t, { register: false })
    const denied = await t.graph('GET', `/${other.phoneId}`, { token: client.token })
    expect(expectGraphError(denied, 100, 400).type).toBe('GraphMethodException')
    const edge = await t.graph('GET', `/${client.phoneId}/nonsense`, { token: client.token })
    expectGraphError(edge, 100, 400)
    const deep = await t.graph('GET', `/${client.phoneId}/messages/extra`, { token: client.token })
    expectGraphError(deep, 2500, 400)
  })
})

describe('POST /{phone}/register and /deregister', () => {
  it('registers with a 6-digit PIN and deregisters', async () => {
    expect((await register({ pin: '123456' })).body).toEqual({ success: true })
    const dereg = await t.graph('POST', `/${client.phoneId}/deregister`, { token: client.token })
    expect(dereg.body).toEqual({ success: true })
    const state = await t.control('GET', '/state')
    const phone = state.body.phones.find((p: { id: string }) => p.id === client.phoneId)
    expect(phone).toMatchObject({ registered: false, pin_set: true })
    expect(JSON.stringify(state.body)).not.toContain('123456')
  })

  it('validates the PIN, messaging_product and data_localization_region', async () => {
    expect(expectGraphError(await register({ pin: '12345' }), 100, 400).message).toBe(
      '(#100) Param pin must be 6 characters long.',
    )
    expectGraphError(await register({ pin: '12345a' }), 100, 400)
    expectGraphError(await register({}), 100, 400)
    const noProduct = await t.graph('POST', `/${client.phoneId}/register`, {
      token: client.token,
      json: { pin: '123456' },
    })
    expect(expectGraphError(noProduct, 100, 400).message).toBe(
      '(#100) The parameter messaging_product is required.',
    )
    expectGraphError(await register({ pin: '123456', data_localization_region: 'XX' }), 100, 400)
    expect((await register({ pin: '123456', data_localization_region: 'DE' })).status).toBe(200)
  })

  it('requires the existing two-step PIN (133005)', async () => {
    const set = await t.graph('POST', `/${client.phoneId}`, {
      token: client.token,
      json: { pin: '654321' },
    })
    expect(set.body).toEqual({ success: true })
    const error = expectGraphError(await register({ pin: '123456' }), 133005, 400)
    expect(error.message).toBe('(#133005) Two step verification PIN Mismatch')
    expect((await register({ pin: '654321' })).status).toBe(200)
  })

  it('allows 10 register/deregister requests per 72 h, then 133016 and a 72 h block', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await register({ pin: '123456' })).status).toBe(200)
      expect(
        (await t.graph('POST', `/${client.phoneId}/deregister`, { token: client.token })).status,
      ).toBe(200)
    }
    expectGraphError(await register({ pin: '123456' }), 133016, 400)
    await t.advance(71 * 3600)
    expectGraphError(await register({ pin: '123456' }), 133016, 400)
    await t.advance(2 * 3600)
    expect((await register({ pin: '123456' })).status).toBe(200)
  })
})

describe('POST /{phone}', () => {
  it('refuses a malformed PIN and an empty update', async () => {
    expectGraphError(
      await t.graph('POST', `/${client.phoneId}`, { token: client.token, json: { pin: '1' } }),
      100,
      400,
    )
    expectGraphError(
      await t.graph('POST', `/${client.phoneId}`, { token: client.token, json: {} }),
      100,
      400,
    )
  })
})
