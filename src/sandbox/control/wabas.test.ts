import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { http, startSandbox, type Callback, type TestSandbox } from '../testing/harness'

let t: TestSandbox
let app: Callback
beforeEach(async () => {
  t = await startSandbox()
  app = await t.appCallback()
})
afterEach(() => t.close())

/** A FINISH_ONLY_WABA signup, its code exchanged and the WABA subscribed (as the product does). */
async function wabaWithoutNumber() {
  const signup = await t.control('POST', '/signups', {
    business_name: 'Later Phone Co',
    outcome: 'finish_only_waba',
  })
  const { app_id, app_secret } = t.sandbox.config
  const exchange = await t.graph('GET', '/oauth/access_token', {
    query: { client_id: app_id, client_secret: app_secret, code: signup.body.code },
  })
  const token = exchange.body.access_token as string
  await t.graph('POST', `/${signup.body.waba_id}/subscribed_apps`, { token })
  return { wabaId: signup.body.waba_id as string, token }
}

describe('POST /_sandbox/wabas/{id}/phone_numbers', () => {
  it('adds a verified, unregistered number that the partner lists and registers', async () => {
    const { wabaId, token } = await wabaWithoutNumber()
    const list = () => t.graph('GET', `/${wabaId}/phone_numbers`, { token })
    expect((await list()).body.data).toEqual([])
    const added = await t.control('POST', `/wabas/${wabaId}/phone_numbers`, {
      phone: '+1 555 0199 777',
      verified_name: 'Later Phone',
    })
    expect(added.status).toBe(200)
    expect(added.body).toEqual({
      id: expect.stringMatching(/^\d{15}$/),
      waba_id: wabaId,
      display_phone_number: '15550199777',
      verified_name: 'Later Phone',
      code_verification_status: 'VERIFIED',
      registered: false,
    })
    expect((await list()).body.data).toEqual([
      {
        verified_name: 'Later Phone',
        display_phone_number: '15550199777',
        id: added.body.id,
        quality_rating: 'GREEN',
      },
    ])
    const registered = await t.graph('POST', `/${added.body.id}/register`, {
      token,
      json: { messaging_product: 'whatsapp', pin: '123456' },
    })
    expect(registered.body).toEqual({ success: true })
    // Meta documents no webhook for a number added to a WABA: only the signup's PARTNER_ADDED.
    expect((await t.control('GET', '/stats')).body.webhooks.emitted).toBe(1)
    await app.waitFor((c) => c.changes().length > 0)
    expect(app.changes().map((c) => c.field)).toEqual(['account_update'])
  })

  it('generates a number and takes the WABA’s name when none is given', async () => {
    const { wabaId } = await wabaWithoutNumber()
    const added = await t.control('POST', `/wabas/${wabaId}/phone_numbers`, {})
    expect(added.body).toMatchObject({
      display_phone_number: expect.stringMatching(/^155501\d{5}$/),
      verified_name: 'Later Phone Co',
    })
  })

  it('refuses an unknown WABA (404), a malformed or taken number (400), and no control token (401)', async () => {
    const { wabaId } = await wabaWithoutNumber()
    const unknown = await t.control('POST', '/wabas/123456789012345/phone_numbers', {})
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toMatch(/no WhatsApp Business Account/)
    const malformed = await t.control('POST', `/wabas/${wabaId}/phone_numbers`, { phone: '12' })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.message).toMatch(/8 to 15 digits/)
    await t.control('POST', `/wabas/${wabaId}/phone_numbers`, { phone: '+1 555 0199 888' })
    const taken = await t.control('POST', `/wabas/${wabaId}/phone_numbers`, {
      phone: '15550199888',
    })
    expect(taken.status).toBe(400)
    expect(taken.body.error.message).toMatch(/already on a WhatsApp Business Account/)
    const extra = await t.control('POST', `/wabas/${wabaId}/phone_numbers`, { pin: '1' })
    expect(extra.status).toBe(400)
    const anonymous = await http('POST', `${t.url}/_sandbox/wabas/${wabaId}/phone_numbers`, {
      json: {},
    })
    expect(anonymous.status).toBe(401)
    const state = (await t.control('GET', '/state')).body
    expect(
      state.phones.map((p: { display_phone_number: string }) => p.display_phone_number),
    ).toEqual(['15550199888'])
  })
})
