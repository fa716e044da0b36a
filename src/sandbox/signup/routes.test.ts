import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { handleSignupRequest } from './routes'

let base = ''
let close: () => Promise<void>
let allowed: string[] | null = null

beforeAll(async () => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const handled = handleSignupRequest(req, res, url, {
      appId: () => '1234567890123',
      appName: () => 'Partner <Console>',
      allowedOrigins: () => allowed,
    })
    if (!handled) res.writeHead(404).end('not ours')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

async function get(path: string, method: 'GET' | 'POST' = 'GET') {
  const res = await request(`${base}${path}`, { method })
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
}

const dialog = (q: Record<string, string>) =>
  `/v25.0/dialog/oauth?${new URLSearchParams({
    client_id: '1234567890123',
    config_id: '555',
    origin: 'https://partner.example',
    cb: 'f123',
    extras: JSON.stringify({ setup: { business: { name: 'Jaspers "Market" <b>' } } }),
    ...q,
  })}`

describe('signup routes', () => {
  it('serves sdk.js for any locale, readable cross-origin', async () => {
    for (const path of ['/en_US/sdk.js', '/pt_BR/sdk.js', '/sdk.js']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/javascript/)
      expect(res.headers['access-control-allow-origin']).toBe('*')
      expect(res.text).toContain('window.FB')
    }
  })

  it('serves the dialog under a strict CSP with no inline executable script', async () => {
    const res = await get(dialog({}))
    expect(res.status).toBe(200)
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).toContain("default-src 'none'")
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    for (const [, attrs, body] of scripts) {
      if (body!.trim()) expect(attrs).toContain('type="application/json"')
      else expect(attrs).toMatch(/src="\/signup\/dialog\.js"/)
    }
    expect(res.text).not.toMatch(/ on[a-z]+=/i)
    expect(res.text).not.toMatch(/style="/)
  })

  it('escapes the pre-filled business name and the app name', async () => {
    const res = await get(dialog({}))
    expect(res.text).toContain('value="Jaspers &quot;Market&quot; &lt;b&gt;"')
    expect(res.text).toContain('Partner &lt;Console&gt;')
    expect(res.text).not.toContain('<b>"')
  })

  it('keeps the config JSON from closing its script element', async () => {
    const res = await get(dialog({ cb: '</script><script>alert(1)</script>' }))
    expect(res.text).not.toContain('<script>alert(1)')
  })

  it.each([
    ['a wrong app id', { client_id: '999' }, /Invalid App ID/],
    ['no config_id', { config_id: '' }, /config_id/],
    ['no opener origin', { origin: '' }, /FB\.login/],
    ['an origin with a path', { origin: 'https://partner.example/x' }, /FB\.login/],
    ['a javascript: origin', { origin: 'javascript:alert(1)' }, /FB\.login/],
  ])('refuses %s with an error page', async (_name, q, message) => {
    const res = await get(dialog(q))
    expect(res.status).toBe(400)
    expect(res.text).toMatch(message)
  })

  it('refuses an opener outside the allowed domains when a list is configured', async () => {
    allowed = ['https://console.partner.example']
    try {
      expect((await get(dialog({}))).status).toBe(400)
      expect((await get(dialog({ origin: 'https://console.partner.example' }))).status).toBe(200)
    } finally {
      allowed = null
    }
  })

  it('serves the dialog assets and leaves other paths to the caller', async () => {
    expect((await get('/signup/dialog.js')).headers['content-type']).toMatch(/javascript/)
    expect((await get('/signup/dialog.css')).headers['content-type']).toMatch(/text\/css/)
    expect((await get('/v25.0/me')).text).toBe('not ours')
    expect((await get('/_sandbox/signups')).text).toBe('not ours')
  })

  it('answers 405 to other methods', async () => {
    expect((await get('/en_US/sdk.js', 'POST')).status).toBe(405)
  })
})
