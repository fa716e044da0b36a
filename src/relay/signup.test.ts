import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SIGNUP_RESULT_PATH } from '@shared/relay/protocol'
import { send } from '@server-kit/testing/http'
import { BACKENDS, DESKTOP_TOKEN, useBackends } from './testing/backends'
import { TestDesktop } from './testing/desktop'

const backends = useBackends()
const state = () => randomBytes(24).toString('base64url')
const SIGNUP_ORIGIN = 'https://relay.partner.example'

const postResult = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  send(url + SIGNUP_RESULT_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe.each(BACKENDS)('signup result routing (%s backend)', (backend) => {
  it('delivers the launcher’s result only to the desktop that registered its state, once', async () => {
    const relay = await backends.start(backend, { signupOrigin: SIGNUP_ORIGIN })
    const asking = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-a',
    })
    const bystander = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-b',
    })
    const mine = state()
    asking.send({ type: 'signup-session', state: mine })
    bystander.send({ type: 'signup-session', state: state() })
    // Registration is handled in frame order; a result posted right after waits for none.
    await new Promise((resolve) => setTimeout(resolve, 50))

    const result = { state: mine, code: 'AQB-code', events: [{ type: 'WA_EMBEDDED_SIGNUP' }] }
    const reply = await postResult(relay.url, result, { origin: SIGNUP_ORIGIN })
    expect(reply.status).toBe(200)
    await asking.until(() => asking.framesOf('signup-result').length === 1)
    expect(asking.framesOf('signup-result')[0]).toEqual({ type: 'signup-result', ...result })
    // The capability is spent: a replay finds nothing.
    expect((await postResult(relay.url, result)).status).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(bystander.framesOf('signup-result')).toEqual([])

    // Another desktop cannot take over a registered state.
    const pending = state()
    asking.send({ type: 'signup-session', state: pending })
    await new Promise((resolve) => setTimeout(resolve, 50))
    bystander.send({ type: 'signup-session', state: pending })
    await bystander.until(() => bystander.framesOf('error').length === 1)
    expect(bystander.framesOf('error')[0]?.code).toBe('signupState')
    await Promise.all([asking.close(), bystander.close()])
  })

  it('holds a result while the desktop reconnects and sends it when it is back', async () => {
    const relay = await backends.start(backend)
    const desktop = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    const attempt = state()
    desktop.send({ type: 'signup-session', state: attempt })
    await new Promise((resolve) => setTimeout(resolve, 50))
    await desktop.kill()
    const reply = await postResult(relay.url, { state: attempt, code: null, events: [] })
    expect(reply.status).toBe(202)
    const back = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    await back.until(() => back.framesOf('signup-result').length === 1)
    expect(back.framesOf('signup-result')[0]).toMatchObject({ state: attempt, code: null })
    await back.close()
  })

  it('refuses unknown states, malformed bodies, non-JSON content types and foreign origins', async () => {
    const relay = await backends.start(backend, { signupOrigin: SIGNUP_ORIGIN })
    const unknown = await postResult(relay.url, { state: state(), code: 'x', events: [] })
    expect(unknown.status).toBe(404)
    expect((await postResult(relay.url, { state: 'short', code: 'x', events: [] })).status).toBe(
      400,
    )
    expect((await postResult(relay.url, { state: state(), code: 5, events: [] })).status).toBe(400)
    expect((await postResult(relay.url, '{"state":')).status).toBe(400)
    const form = await postResult(relay.url, `state=${state()}`, {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(form.status).toBe(415)
    const foreign = await postResult(
      relay.url,
      { state: state(), code: 'x', events: [] },
      { origin: 'https://evil.example' },
    )
    expect(foreign.status).toBe(403)
    expect((await send(relay.url + SIGNUP_RESULT_PATH)).status).toBe(405)
  })
})

describe('signup launcher page (live mode, on the relay’s public origin)', () => {
  it('serves the launcher with Meta’s SDK, Meta’s exact event origins and the relay’s result path', async () => {
    const relay = await backends.start('sqlite')
    const page = await send(`${relay.url}/signup/launcher?state=${state()}`)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['cache-control']).toBe('no-store')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'nonce-[^']+' https:\/\/connect\.facebook\.net/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(page.text).toContain('"sdkUrl":"https://connect.facebook.net/en_US/sdk.js"')
    expect(page.text).toContain('"https://www.facebook.com"')
    expect(page.text).toContain(`"resultPath":"${SIGNUP_RESULT_PATH}"`)
    // A fresh nonce per response.
    const again = await send(`${relay.url}/signup/launcher`)
    expect(again.headers['content-security-policy']).not.toBe(
      page.headers['content-security-policy'],
    )
    expect((await send(`${relay.url}/signup/launcher`, { method: 'POST' })).status).toBe(405)
  })
})
