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
let system: string
beforeEach(async () => {
  t = await startSandbox()
  client = await onboard(t, { business_name: 'Credit Co', register: false })
  system = t.sandbox.config.system_user_token
})
afterEach(() => t.close())

const share = (query: Record<string, string>, token = system) =>
  t.graph('POST', `/${t.sandbox.config.credit_line_id}/whatsapp_credit_sharing_and_attach`, {
    token,
    query,
  })

describe('credit lines (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines)', () => {
  it('lists the partner’s credit line for the system user', async () => {
    const result = await t.graph('GET', `/${t.sandbox.config.business_id}/extendedcredits`, {
      token: system,
    })
    expect(result.body.data).toEqual([{ id: t.sandbox.config.credit_line_id }])
    const named = await t.graph('GET', `/${t.sandbox.config.business_id}/extendedcredits`, {
      token: system,
      query: { fields: 'id,legal_entity_name' },
    })
    expect(named.body.data[0]).toEqual({
      id: t.sandbox.config.credit_line_id,
      legal_entity_name: 'Sandbox Partner',
    })
  })

  it('shares and attaches: allocation config, receiving_credential = primary_funding_id', async () => {
    const result = await share({ waba_currency: 'USD', waba_id: client.wabaId })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({
      allocation_config_id: expect.stringMatching(/^\d{14}$/),
      waba_id: client.wabaId,
    })
    const allocation = await t.graph('GET', `/${result.body.allocation_config_id}`, {
      token: system,
      query: { fields: 'receiving_credential,request_status,receiving_business' },
    })
    expect(allocation.body).toEqual({
      receiving_credential: { id: t.sandbox.config.credit_line_id },
      request_status: 'ACTIVE',
      receiving_business: { name: 'Credit Co', id: client.businessId },
      id: result.body.allocation_config_id,
    })
    const waba = await t.graph('GET', `/${client.wabaId}`, {
      token: client.token,
      query: { fields: 'primary_funding_id' },
    })
    expect(waba.body).toEqual({
      primary_funding_id: t.sandbox.config.credit_line_id,
      id: client.wabaId,
    })
  })

  it('accepts the pricing page’s other billing currencies and refuses unknown ones', async () => {
    expect((await share({ waba_currency: 'BRL', waba_id: client.wabaId })).status).toBe(200)
    const bad = expectGraphError(
      await share({ waba_currency: 'XYZ', waba_id: client.wabaId }),
      100,
      400,
    )
    expect(bad.message).toMatch(
      /^\(#100\) Param waba_currency must be one of \{AUD, EUR, GBP, IDR, INR, USD, .*\} - got "XYZ"\.$/,
    )
    expect(expectGraphError(await share({ waba_id: client.wabaId }), 100, 400).message).toBe(
      '(#100) The parameter waba_currency is required.',
    )
  })

  it('works only with the system user token', async () => {
    const denied = await share({ waba_currency: 'USD', waba_id: client.wabaId }, client.token)
    expect(expectGraphError(denied, 100, 400).error_subcode).toBe(33)
  })

  it('answers 200 (permissions) for a WABA the system user cannot see', async () => {
    expectGraphError(await share({ waba_currency: 'USD', waba_id: '999999999999999' }), 200, 403)
  })

  it('revokes: DELETE → request_status DELETED, primary_funding_id cleared', async () => {
    const shared = await share({ waba_currency: 'EUR', waba_id: client.wabaId })
    const id = shared.body.allocation_config_id
    const owning = await t.graph(
      'GET',
      `/${t.sandbox.config.credit_line_id}/owning_credit_allocation_configs`,
      {
        token: system,
        query: { receiving_business_id: client.businessId, fields: 'id,receiving_business' },
      },
    )
    expect(owning.body.data).toEqual([
      { id, receiving_business: { name: 'Credit Co', id: client.businessId } },
    ])
    expect((await t.graph('DELETE', `/${id}`, { token: system })).body).toEqual({ success: true })
    const after = await t.graph('GET', `/${id}`, {
      token: system,
      query: { fields: 'receiving_business,request_status' },
    })
    expect(after.body.request_status).toBe('DELETED')
    const waba = await t.graph('GET', `/${client.wabaId}`, {
      token: client.token,
      query: { fields: 'primary_funding_id' },
    })
    expect(waba.body).toEqual({ id: client.wabaId })
  })

  it('lists client WABAs for the partner, newest first', async () => {
    const second = await onboard(t, { business_name: 'Second Co', register: false })
    const result = await t.graph(
      'GET',
      `/${t.sandbox.config.business_id}/client_whatsapp_business_accounts`,
      { token: system },
    )
    expect(result.body.data.map((w: { id: string }) => w.id)).toEqual([
      second.wabaId,
      client.wabaId,
    ])
    expect(Object.keys(result.body.data[0]).sort()).toEqual(
      ['currency', 'id', 'message_template_namespace', 'name', 'timezone_id'].sort(),
    )
  })
})
