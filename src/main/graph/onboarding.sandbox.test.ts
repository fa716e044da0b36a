import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { businessTokenAccount } from '../secrets/secret-store'
import { failure } from '../test-support/failure'
import { startGraphHarness, type GraphHarness } from '../test-support/graph-harness'

describe('Graph client × sandbox: onboarding endpoints', () => {
  let h: GraphHarness
  beforeAll(async () => (h = await startGraphHarness()))
  afterAll(async () => h?.stop())

  it('exchanges an Embedded Signup code for a business token, once', async () => {
    const signup = await h.control<{ code: string }>('POST', 'signups', {
      business_name: 'Jaspers Market',
    })
    const { accessToken } = await h.graph.onboarding.exchangeCode(signup.code)
    expect(accessToken).toMatch(/^EAA/)
    const reused = await failure(h.graph.onboarding.exchangeCode(signup.code))
    expect(reused).toMatchObject({ code: 'GRAPH', retryable: false })
    expect(reused.message).toMatch(/has been used/)
    expect(reused.details).toMatchObject({ graphCode: 100, endpoint: 'oauth' })
  })

  it('refuses a code older than 30 seconds', async () => {
    const signup = await h.control<{ code: string }>('POST', 'signups', {})
    await h.control('POST', 'clock', { advance_seconds: 31 })
    const expired = await failure(h.graph.onboarding.exchangeCode(signup.code))
    expect(expired.message).toMatch(/has expired/)
  })

  it('refuses the exchange with a wrong app secret', async () => {
    const signup = await h.control<{ code: string }>('POST', 'signups', {})
    const real = await h.secrets.get('app-secret')
    await h.secrets.set('app-secret', 'not-the-app-secret-000')
    try {
      expect((await failure(h.graph.onboarding.exchangeCode(signup.code))).message).toMatch(
        /client secret/,
      )
    } finally {
      await h.secrets.set('app-secret', real!)
    }
  })

  it('debug_token shows the new WABA in the token’s granular scopes, newest first', async () => {
    const client = await h.onboard()
    const data = await h.graph.onboarding.debugToken(client.token)
    expect(data.is_valid).toBe(true)
    const management = data.granular_scopes.find((s) => s.scope === 'whatsapp_business_management')
    expect(management?.target_ids?.[0]).toBe(client.wabaId)
  })

  it('subscribes the WABA, lists the subscription, and unsubscribes', async () => {
    const client = await h.onboard()
    expect(await h.graph.onboarding.subscribeApp(client.wabaId)).toMatchObject({ success: true })
    const listed = await h.graph.onboarding.listSubscribedApps(client.wabaId)
    expect(listed.data).toHaveLength(1)
    expect(listed.data[0]?.whatsapp_business_api_data?.id).toBe(h.sandbox.credentials.appId)
    expect(await h.graph.onboarding.unsubscribeApp(client.wabaId)).toMatchObject({ success: true })
    expect((await h.graph.onboarding.listSubscribedApps(client.wabaId)).data).toHaveLength(0)
  })

  it('gets Meta’s #100 when overriding the callback before a plain subscription', async () => {
    const client = await h.onboard()
    const error = await failure(
      h.graph.onboarding.subscribeApp(client.wabaId, {
        callbackUri: 'https://relay.example/webhook',
        verifyToken: 'verify-me-123',
      }),
    )
    expect(error.details).toMatchObject({ graphCode: 100 })
    expect(error.message).toMatch(
      /Before override the current callback uri, your app must be subscribed/,
    )
  })

  it('shares and attaches the credit line, verifies it, and revokes it', async () => {
    const client = await h.onboard()
    const credits = await h.graph.credit.extendedCredits(h.sandbox.credentials.businessId)
    expect(credits.data.map((c) => c.id)).toContain(h.sandbox.credentials.creditLineId)
    const shared = await h.graph.credit.shareAndAttach(
      h.sandbox.credentials.creditLineId,
      client.wabaId,
      'USD',
    )
    expect(shared.allocation_config_id).toMatch(/^\d+$/)
    const allocation = await h.graph.credit.allocation(shared.allocation_config_id)
    const funding = await h.graph.credit.wabaFunding(client.wabaId)
    expect(allocation.receiving_credential?.id).toBe(funding.primary_funding_id)
    expect(funding.owner_business_info?.id).toBe(client.businessId)
    expect(await h.graph.credit.revokeAllocation(shared.allocation_config_id)).toMatchObject({
      success: true,
    })
    expect((await h.graph.credit.allocation(shared.allocation_config_id)).request_status).toBe(
      'DELETED',
    )
  })

  it('refuses an unsupported invoicing currency', async () => {
    const client = await h.onboard()
    const error = await failure(
      h.graph.credit.shareAndAttach(h.sandbox.credentials.creditLineId, client.wabaId, 'XXX'),
    )
    expect(error).toMatchObject({ code: 'GRAPH', retryable: false })
    expect(error.details).toMatchObject({ graphCode: 100 })
  })

  it('lists and reads phone numbers with their health fields', async () => {
    const client = await h.onboard({ phone: '+1 555 010 2030' })
    const list = await h.graph.phoneNumbers.list(client.wabaId)
    expect(list.data.map((p) => p.id)).toContain(client.phoneId)
    const phone = await h.graph.phoneNumbers.get(client.wabaId, client.phoneId)
    expect(phone).toMatchObject({
      id: client.phoneId,
      code_verification_status: expect.any(String),
      quality_rating: expect.any(String),
    })
  })

  it('registers with a 6-digit PIN; a different PIN than the 2-step one gives 133005', async () => {
    const client = await h.onboard()
    expect(
      await h.graph.phoneNumbers.register(client.wabaId, client.phoneId, '246810'),
    ).toMatchObject({ success: true })
    expect(await h.graph.phoneNumbers.deregister(client.wabaId, client.phoneId)).toMatchObject({
      success: true,
    })
    const mismatch = await failure(
      h.graph.phoneNumbers.register(client.wabaId, client.phoneId, '111111'),
    )
    expect(mismatch.details).toMatchObject({ graphCode: 133005 })
    expect(mismatch.fix).toMatch(/two-step verification PIN/)
    expect(
      await h.graph.phoneNumbers.setTwoStepPin(client.wabaId, client.phoneId, '111111'),
    ).toMatchObject({ success: true })
    expect(
      await h.graph.phoneNumbers.register(client.wabaId, client.phoneId, '111111'),
    ).toMatchObject({ success: true })
  })

  it('hits 133016 after 10 register/deregister requests within 72 hours, without retrying', async () => {
    const client = await h.onboard()
    for (let i = 0; i < 5; i++) {
      await h.graph.phoneNumbers.register(client.wabaId, client.phoneId, '123456')
      await h.graph.phoneNumbers.deregister(client.wabaId, client.phoneId)
    }
    const before = await h.control<{ graph_requests: number }>('GET', 'stats')
    const limited = await failure(
      h.graph.phoneNumbers.register(client.wabaId, client.phoneId, '123456'),
    )
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
    expect(limited.details).toMatchObject({
      graphCode: 133016,
      retry: 'later',
      retryAfterMs: 72 * 3600_000,
    })
    const after = await h.control<{ graph_requests: number }>('GET', 'stats')
    expect(after.graph_requests - before.graph_requests).toBe(1)
  })

  it('turns a revoked business token into GRAPH_AUTH (190) with the reconnect fix', async () => {
    const client = await h.onboard()
    await h.control('POST', 'tokens/revoke', { access_token: client.token })
    const error = await failure(h.graph.phoneNumbers.list(client.wabaId))
    expect(error).toMatchObject({ code: 'GRAPH_AUTH', retryable: false })
    expect(error.details).toMatchObject({ graphCode: 190 })
    expect(error.fix).toMatch(/Embedded Signup/)
  })

  it('says which client needs reconnecting when no token is stored', async () => {
    const error = await failure(h.graph.phoneNumbers.list('999000111222333'))
    expect(error).toMatchObject({ code: 'GRAPH_AUTH', details: { wabaId: '999000111222333' } })
  })

  it('never writes a token, secret, code or PIN to its log', async () => {
    const client = await h.onboard()
    await h.graph.phoneNumbers
      .register(client.wabaId, client.phoneId, '135790')
      .catch(() => undefined)
    const log = readFileSync(h.logFile, 'utf8')
    expect(log.length).toBeGreaterThan(0)
    const stored = await h.secrets.get(businessTokenAccount(client.wabaId))
    for (const secret of [
      stored!,
      h.sandbox.credentials.appSecret,
      h.sandbox.credentials.systemUserToken,
      '135790',
    ]) {
      expect(log).not.toContain(secret)
    }
  })
})
