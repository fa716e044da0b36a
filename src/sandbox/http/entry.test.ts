import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../server'
import { rawHttp, startSandbox, type TestSandbox } from '../testing/harness'

/**
 * The request guards in front of every sandbox route, over real HTTP with the headers a
 * cross-site page or a DNS-rebinding page would send. The harness sandbox has a control token, as
 * the embedded one always does.
 */
let t: TestSandbox
let port: number
let own: string
const FAULTS = JSON.stringify({ rate: 1, kinds: ['server_error'] })

beforeAll(async () => {
  t = await startSandbox()
  port = t.sandbox.port
  own = `http://127.0.0.1:${port}`
})
afterAll(() => t.close())

const bearer = () => ({ authorization: `Bearer ${t.controlToken}` })
const json = { 'content-type': 'application/json' }
const faultsAreOff = async () => expect((await t.control('GET', '/faults')).body.faults).toBeNull()

describe('the control API (/_sandbox)', () => {
  it('refuses the measured cross-site attack: text/plain, foreign Origin and Host', async () => {
    const attack = await rawHttp(t.url, '/_sandbox/faults', {
      method: 'POST',
      headers: {
        host: 'evil.example',
        origin: 'http://evil.example',
        'content-type': 'text/plain',
      },
      body: FAULTS,
    })
    expect(attack.status).toBe(421)
    await faultsAreOff()
  })

  it('refuses a foreign Host (DNS rebinding) before anything else, secrets included', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const config = await rawHttp(t.url, '/_sandbox/config', { headers: { host, ...bearer() } })
      expect(config.status, host).toBe(421)
      expect(config.raw.toString()).not.toContain(t.sandbox.config.app_secret)
      expect(config.raw.toString()).not.toContain(t.sandbox.config.system_user_token)
    }
    // An absolute request target names the host too.
    const absolute = await rawHttp(t.url, 'http://evil.example/_sandbox/config', {
      headers: bearer(),
    })
    expect(absolute.status).toBe(421)
  })

  it('answers on its loopback names with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const config = await rawHttp(t.url, '/_sandbox/config', { headers: { host, ...bearer() } })
      expect(config.status, host).toBe(200)
    }
  })

  it('refuses a foreign Origin even with the token, and accepts its own', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`]) {
      const result = await rawHttp(t.url, '/_sandbox/faults', {
        method: 'POST',
        headers: { origin, ...bearer(), ...json },
        body: FAULTS,
      })
      expect(result.status, origin).toBe(403)
    }
    await faultsAreOff()
    const ours = await rawHttp(t.url, '/_sandbox/faults', {
      headers: { origin: `http://localhost:${port}`, ...bearer() },
    })
    expect(ours.status).toBe(200)
  })

  it('refuses every route without the token (401), including the secrets in /config', async () => {
    for (const [method, path] of [
      ['GET', '/_sandbox/config'],
      ['GET', '/_sandbox/state'],
      ['POST', '/_sandbox/reset'],
      ['DELETE', '/_sandbox/faults'],
      ['GET', '/_sandbox'],
      ['GET', '/_sandbox/no-such-route'],
    ] as const) {
      const result = await rawHttp(t.url, path, { method })
      expect(result.status, `${method} ${path}`).toBe(401)
      expect(result.headers['www-authenticate']).toBe('Bearer realm="sandbox"')
      expect(result.raw.toString()).not.toContain(t.sandbox.config.app_secret)
    }
    const wrong = await rawHttp(t.url, '/_sandbox/faults', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.controlToken.slice(0, -1)}x`, ...json },
      body: FAULTS,
    })
    expect(wrong.status).toBe(401)
    await faultsAreOff()
  })

  it('accepts JSON only as application/json (415 for text/plain, forms, none)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const result = await rawHttp(t.url, '/_sandbox/faults', {
        method: 'POST',
        headers: { ...bearer(), 'content-type': type },
        body: FAULTS,
      })
      expect(result.status, type).toBe(415)
    }
    const untyped = await rawHttp(t.url, '/_sandbox/faults', {
      method: 'POST',
      headers: bearer(),
      body: FAULTS,
    })
    expect(untyped.status).toBe(415)
    await faultsAreOff()
  })

  it('answers an oversized body with 413', async () => {
    const result = await rawHttp(t.url, '/_sandbox/customers/messages', {
      method: 'POST',
      headers: { ...bearer(), ...json },
      body: JSON.stringify({ text: { body: 'x'.repeat(2 * 1024 * 1024) } }),
    })
    expect(result.status).toBe(413)
    expect(result.body.error.message).toMatch(/Payload too large/)
  })

  it('treats __proto__ and constructor keys as plain data', async () => {
    const before = { ...t.sandbox.config }
    const config = await t.control('POST', '/config', {
      ['__proto__']: { app_secret: 'polluted-secret', callback_url: 'http://evil.example/' },
      constructor: { prototype: { app_secret: 'polluted-secret' } },
    })
    expect(config.status).toBe(400)
    expect(t.sandbox.config).toEqual(before)
    const faults = await rawHttp(t.url, '/_sandbox/faults', {
      method: 'POST',
      headers: { ...bearer(), ...json },
      body: '{"__proto__":{"rate":1,"kinds":["server_error"]}}',
    })
    expect(faults.status).toBe(400)
    await faultsAreOff()
    expect(({} as Record<string, unknown>).app_secret).toBeUndefined()
    expect(({} as Record<string, unknown>).rate).toBeUndefined()
  })

  it('answers a malformed request target with 400, not 500', async () => {
    const statusLine = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(
            `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
          ),
        )
        let reply = ''
        socket.on('data', (chunk) => (reply += String(chunk)))
        socket.on('close', () => resolve(reply.split('\r\n')[0] ?? ''))
        socket.on('error', reject)
      })
    for (const target of ['http://[bad', 'http://%zz/', '*'])
      expect(await statusLine(target), target).toBe('HTTP/1.1 400 Bad Request')
  })
})

describe('Graph routes', () => {
  it('refuse a foreign Host (DNS rebinding) and a foreign Origin; Graph clients send neither', async () => {
    const rebinding = await rawHttp(t.url, '/v25.0/debug_token', {
      headers: { host: `evil.example:${port}` },
    })
    expect(rebinding.status).toBe(421)
    const crossSite = await rawHttp(t.url, '/v25.0/debug_token', {
      headers: { origin: 'http://evil.example' },
    })
    expect(crossSite.status).toBe(403)
    const client = await rawHttp(t.url, '/v25.0/debug_token')
    expect(client.status).toBe(400)
    expect(client.body.error.code).toBe(104)
  })
})

describe('the Embedded Signup emulator', () => {
  it('serves sdk.js and the dialog publicly, to pages on other origins', async () => {
    const sdk = await rawHttp(t.url, '/en_US/sdk.js', {
      headers: { origin: 'http://partner.example' },
    })
    expect(sdk.status).toBe(200)
    expect(sdk.headers['access-control-allow-origin']).toBe('*')
    for (const asset of ['/signup/dialog.js', '/signup/dialog.css'])
      expect((await rawHttp(t.url, asset)).status, asset).toBe(200)
  })

  it('takes the dialog’s confirm only from its own page (own Origin, JSON)', async () => {
    const choices = JSON.stringify({ outcome: 'finish', business_name: 'Dialog Biz' })
    const post = (headers: Record<string, string>) =>
      rawHttp(t.url, '/v25.0/dialog/oauth/confirm', { method: 'POST', headers, body: choices })
    expect((await post(json)).status).toBe(403)
    expect((await post({ ...json, origin: 'http://evil.example' })).status).toBe(403)
    expect((await post({ 'content-type': 'text/plain', origin: own })).status).toBe(415)
    const confirmed = await post({ ...json, origin: own })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.code).toEqual(expect.any(String))
  })
})

describe('a standalone sandbox without SANDBOX_CONTROL_TOKEN', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0 })
  })
  afterAll(() => sandbox.close())

  it('needs no token, but still checks Host, Origin and Content-Type', async () => {
    expect((await rawHttp(sandbox.url, '/_sandbox/config')).status).toBe(200)
    const host = { host: 'evil.example' }
    expect((await rawHttp(sandbox.url, '/_sandbox/config', { headers: host })).status).toBe(421)
    const origin = { origin: 'http://evil.example' }
    expect((await rawHttp(sandbox.url, '/_sandbox/config', { headers: origin })).status).toBe(403)
    const plain = await rawHttp(sandbox.url, '/_sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: FAULTS,
    })
    expect(plain.status).toBe(415)
  })
})
