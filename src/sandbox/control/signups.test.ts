import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Callback, type TestSandbox } from '../testing/harness'

let t: TestSandbox
let callback: Callback
beforeEach(async () => {
  t = await startSandbox()
  callback = await t.appCallback()
})
afterEach(() => t.close())

describe('POST /_sandbox/signups', () => {
  it('finishes: creates business, WABA and phone, issues a code, returns the FINISH event', async () => {
    const result = await t.control('POST', '/signups', {
      business_name: 'Jaspers Market',
      phone: '+1 555 0100 123',
    })
    expect(result.status).toBe(200)
    const { code, waba_id, phone_number_id, business_id, events } = result.body
    expect(code).toMatch(/^AQ/)
    for (const id of [waba_id, phone_number_id, business_id]) expect(id).toMatch(/^\d{15,16}$/)
    expect(events).toEqual([
      {
        data: { phone_number_id, waba_id, business_id },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'FINISH',
        version: 3,
      },
    ])
    const state = await t.control('GET', '/state')
    expect(state.body.businesses).toContainEqual(
      expect.objectContaining({ id: business_id, name: 'Jaspers Market' }),
    )
    expect(state.body.phones).toContainEqual(
      expect.objectContaining({
        id: phone_number_id,
        waba_id,
        display_phone_number: '15550100123',
        registered: false,
      }),
    )
  })

  it('fires account_update PARTNER_ADDED, signed, with the partner business as entry id', async () => {
    const result = await t.control('POST', '/signups', { business_name: 'Signed Co' })
    await callback.waitFor((c) => c.changes().some((ch) => ch.field === 'account_update'))
    const post = callback.posts[0]
    expect(post?.signatureValid).toBe(true)
    expect(post?.body.object).toBe('whatsapp_business_account')
    const change = callback.changes().find((ch) => ch.field === 'account_update')
    expect(change).toMatchObject({
      entryId: t.sandbox.config.business_id,
      value: {
        event: 'PARTNER_ADDED',
        waba_info: { waba_id: result.body.waba_id, owner_business_id: result.body.business_id },
      },
    })
    expect(typeof change?.time).toBe('number')
  })

  it('finish_only_waba: no phone number, empty phone_number_id in the event', async () => {
    const result = await t.control('POST', '/signups', { outcome: 'finish_only_waba' })
    expect(result.body.phone_number_id).toBeNull()
    expect(result.body.events[0]).toMatchObject({
      event: 'FINISH_ONLY_WABA',
      data: { phone_number_id: '', waba_id: result.body.waba_id },
    })
    const phones = await t.graph('GET', `/${result.body.waba_id}/phone_numbers`, {
      token: t.sandbox.config.system_user_token,
    })
    expect(phones.body.data).toEqual([])
  })

  it('coexistence onboarding reports FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', async () => {
    const result = await t.control('POST', '/signups', {
      outcome: 'finish_whatsapp_business_app_onboarding',
    })
    expect(result.body.events[0].event).toBe('FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING')
    expect(result.body.code).toMatch(/^AQ/)
  })

  it('cancel: no code, CANCEL with the current step', async () => {
    const result = await t.control('POST', '/signups', {
      outcome: 'cancel',
      current_step: 'PERMISSIONS',
    })
    expect(result.body).toEqual({
      code: null,
      waba_id: null,
      phone_number_id: null,
      business_id: null,
      events: [
        {
          data: { current_step: 'PERMISSIONS' },
          type: 'WA_EMBEDDED_SIGNUP',
          event: 'CANCEL',
          version: 3,
        },
      ],
    })
    expect((await t.control('GET', '/state')).body.wabas).toEqual([])
  })

  it('error: CANCEL carrying the error form', async () => {
    const result = await t.control('POST', '/signups', { outcome: 'error' })
    expect(result.body.code).toBeNull()
    const data = result.body.events[0].data
    expect(result.body.events[0].event).toBe('CANCEL')
    expect(data.error_code).toBe('524126')
    expect(data.error_message).toMatch(/verified name/)
    expect(data.session_id).toMatch(/^[0-9a-f]{15}$/)
    expect(data.timestamp).toMatch(/^\d{10}$/)
  })

  it('rejects an invalid body with 400 and the failing fields', async () => {
    const result = await t.control('POST', '/signups', { outcome: 'maybe', extra: 1 })
    expect(result.status).toBe(400)
    expect(result.body.error.message).toBe('Invalid request body')
    const paths = result.body.error.details.map((d: { path: string }) => d.path)
    expect(paths).toContain('outcome')
  })

  it('treats empty form fields as not given', async () => {
    const result = await t.control('POST', '/signups', {
      business_name: 'Blank Co',
      waba_name: '',
      phone: ' ',
    })
    expect(result.status).toBe(200)
    const waba = await t.graph('GET', `/${result.body.waba_id}`, {
      token: t.sandbox.config.system_user_token,
    })
    expect(waba.body.name).toBe('Blank Co')
  })

  it('refuses a phone number that is already onboarded', async () => {
    await t.control('POST', '/signups', { phone: '15550100999' })
    const again = await t.control('POST', '/signups', { phone: '15550100999' })
    expect(again.status).toBe(400)
    expect(again.body.error.message).toMatch(/already on a WhatsApp Business Account/)
  })
})
