import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectGraphError, http, onboard, startSandbox, type TestSandbox } from '../testing/harness'

let t: TestSandbox
beforeEach(async () => {
  t = await startSandbox()
})
afterEach(() => t.close())

const exchange = (code: string, overrides: Record<string, string> = {}) =>
  t.graph('GET', '/oauth/access_token', {
    query: {
      client_id: t.sandbox.config.app_id,
      client_secret: t.sandbox.config.app_secret,
      code,
      ...overrides,
    },
  })

describe('GET /oauth/access_token', () => {
  it('exchanges a signup code for a bearer business token without expires_in by default', async () => {
    const signup = await t.control('POST', '/signups', { business_name: 'Jaspers Market' })
    const result = await exchange(signup.body.code)
    expect(result.status).toBe(200)
    expect(Object.keys(result.body).sort()).toEqual(['access_token', 'token_type'])
    expect(result.body.token_type).toBe('bearer')
    expect(result.body.access_token).toMatch(/^EAA[A-Za-z0-9]{100,}$/)
  })

  it('includes expires_in when the sandbox is configured to expire tokens', async () => {
    await t.control('POST', '/config', { token_expires_in: 5_184_000 })
    const signup = await t.control('POST', '/signups', {})
    const result = await exchange(signup.body.code)
    expect(result.body.expires_in).toBe(5_184_000)
  })

  it('accepts a code only once, with Meta’s message for a used code', async () => {
    const signup = await t.control('POST', '/signups', {})
    expect((await exchange(signup.body.code)).status).toBe(200)
    const again = await exchange(signup.body.code)
    const error = expectGraphError(again, 100, 400)
    expect(error.message).toBe('This authorization code has been used.')
    expect(error.type).toBe('OAuthException')
  })

  it('expires a code after 30 seconds on the virtual clock', async () => {
    const signup = await t.control('POST', '/signups', {})
    await t.advance(31)
    const error = expectGraphError(await exchange(signup.body.code), 100, 400)
    expect(error.message).toBe('This authorization code has expired.')
  })

  it('still accepts a code 29 seconds old', async () => {
    const signup = await t.control('POST', '/signups', {})
    await t.advance(29)
    expect((await exchange(signup.body.code)).status).toBe(200)
  })

  it('checks the client id and secret before touching the code', async () => {
    const signup = await t.control('POST', '/signups', {})
    const wrongSecret = await exchange(signup.body.code, { client_secret: 'nope-nope-nope' })
    expect(expectGraphError(wrongSecret, 1, 400).message).toBe('Error validating client secret.')
    const wrongApp = await exchange(signup.body.code, { client_id: '999999999999999' })
    expect(expectGraphError(wrongApp, 101, 400).message).toMatch(/Invalid application ID/)
    // The failed attempts did not consume the code.
    expect((await exchange(signup.body.code)).status).toBe(200)
  })

  it('rejects an unknown code', async () => {
    expectGraphError(await exchange('AQnot-a-real-code'), 100, 400)
  })
})

describe('GET /debug_token', () => {
  it('describes a business token with the newest WABA first, called with the app token', async () => {
    const first = await onboard(t, { business_name: 'Twice Ltd', register: false })
    const second = await onboard(t, { business_name: 'Twice Ltd', register: false })
    const appToken = `${t.sandbox.config.app_id}|${t.sandbox.config.app_secret}`
    const result = await t.graph('GET', '/debug_token', {
      query: { input_token: second.token, access_token: appToken },
    })
    expect(result.status).toBe(200)
    const data = result.body.data
    expect(data.is_valid).toBe(true)
    expect(data.app_id).toBe(t.sandbox.config.app_id)
    expect(data.scopes).toEqual(
      expect.arrayContaining(['whatsapp_business_management', 'whatsapp_business_messaging']),
    )
    const management = data.granular_scopes.find(
      (s: { scope: string }) => s.scope === 'whatsapp_business_management',
    )
    expect(management.target_ids).toEqual([second.wabaId, first.wabaId])
  })

  it('accepts the system user token as Bearer and describes it', async () => {
    const client = await onboard(t, { register: false })
    const system = t.sandbox.config.system_user_token
    const result = await t.graph('GET', '/debug_token', {
      token: system,
      query: { input_token: system },
    })
    expect(result.body.data.is_valid).toBe(true)
    expect(result.body.data.granular_scopes[0]).toEqual({
      scope: 'business_management',
      target_ids: [t.sandbox.config.business_id],
    })
    expect(JSON.stringify(result.body.data.granular_scopes)).toContain(client.wabaId)
  })

  it('reports is_valid false for a revoked token, and the token stops working', async () => {
    const client = await onboard(t, { register: false })
    await t.control('POST', '/tokens/revoke', { access_token: client.token })
    const system = t.sandbox.config.system_user_token
    const debug = await t.graph('GET', '/debug_token', {
      token: system,
      query: { input_token: client.token },
    })
    expect(debug.body.data.is_valid).toBe(false)
    expect(debug.body.data.error.code).toBe(190)
    const call = await t.graph('GET', `/${client.wabaId}`, { token: client.token })
    expect(expectGraphError(call, 190, 401).error_subcode).toBe(460)
  })

  it('reports an expired token (subcode 463) once its lifetime has passed', async () => {
    await t.control('POST', '/config', { token_expires_in: 3600 })
    const client = await onboard(t, { register: false })
    await t.advance(3601)
    const call = await t.graph('GET', `/${client.wabaId}`, { token: client.token })
    const error = expectGraphError(call, 190, 401)
    expect(error.error_subcode).toBe(463)
    expect(error.message).toMatch(/^Error validating access token: Session has expired on /)
    const system = t.sandbox.config.system_user_token
    const debug = await t.graph('GET', '/debug_token', {
      token: system,
      query: { input_token: client.token },
    })
    expect(debug.body.data.is_valid).toBe(false)
    expect(debug.body.data.error.subcode).toBe(463)
  })

  it('reports an unknown input token as invalid', async () => {
    const system = t.sandbox.config.system_user_token
    const debug = await t.graph('GET', '/debug_token', {
      token: system,
      query: { input_token: 'EAAbogus' },
    })
    expect(debug.body.data).toMatchObject({ is_valid: false, error: { code: 190 } })
  })
})

describe('authentication on every Graph call', () => {
  it('answers 190 with WWW-Authenticate for an unknown token', async () => {
    const result = await t.graph('GET', `/${t.sandbox.config.business_id}`, {
      token: 'EAAthisisnotatoken',
    })
    const error = expectGraphError(result, 190, 401)
    expect(error.message).toBe('Invalid OAuth access token - Cannot parse access token')
    expect(result.headers['www-authenticate']).toMatch(/^OAuth "Facebook Platform" "invalid_token"/)
  })

  it('asks for a token when none is given (before revealing anything about the object)', async () => {
    const result = await t.graph('GET', '/123456789012345')
    expect(expectGraphError(result, 104, 400).message).toBe(
      'An access token is required to request this resource.',
    )
  })

  it('takes the token from the access_token parameter as well as the Authorization header', async () => {
    const system = t.sandbox.config.system_user_token
    const result = await t.graph('GET', `/${t.sandbox.config.business_id}/extendedcredits`, {
      query: { access_token: system },
    })
    expect(result.status).toBe(200)
  })

  it('answers with x-fb-trace-id on success and errors, and routes without a version prefix', async () => {
    const system = t.sandbox.config.system_user_token
    const ok = await http('GET', `${t.url}/${t.sandbox.config.business_id}/extendedcredits`, {
      token: system,
    })
    expect(ok.status).toBe(200)
    expect(ok.headers['x-fb-trace-id']).toMatch(/^[A-Za-z0-9_-]{23}$/)
    const error = await t.graph('GET', '/1', { token: system })
    expect(error.headers['x-fb-trace-id']).toBe(error.body.error.fbtrace_id)
    expect(error.headers['facebook-api-version']).toBe('v25.0')
  })
})
