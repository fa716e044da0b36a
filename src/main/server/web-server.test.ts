import { connect as connectTcp } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { send } from '@server-kit/testing/http'
import { requireKeychain } from '../test-support/keychain'
import { startTestCore } from '../test-support/core'
import { startWebServer, type WebServer } from './web-server'

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  send(`http://127.0.0.1:${port}${path}`, { headers })

/** Opens a socket; resolves with it when open, or with the refused HTTP status. */
function connect(
  port: number,
  headers: Record<string, string>,
  path = '/api',
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    socket.once('error', () => resolve(-1))
  })
}

describe('browser-mode web server', () => {
  let harness: Awaited<ReturnType<typeof startTestCore>>
  let server: WebServer
  let cookie: string
  let origin: string

  beforeAll(async () => {
    await requireKeychain()
    harness = await startTestCore()
    const staticDir = join(harness.dataDir, 'renderer')
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>shell</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(harness.dataDir, 'secret.txt'), 'outside the root')
    server = await startWebServer({
      router: harness.core.router,
      events: harness.core.events,
      log: harness.core.log,
      staticDir,
      port: 0,
    })
    origin = `http://127.0.0.1:${server.port}`
    const token = new URL(server.url).searchParams.get('token')!
    const exchange = await get(server.port, `/?token=${token}`)
    cookie = String(exchange.headers['set-cookie']).split(';')[0]!
  })
  afterAll(async () => {
    await server?.close()
    await harness?.stop()
  })

  it('trades the printed token for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const token = new URL(server.url).searchParams.get('token')!
    const reply = await get(server.port, `/?token=${token}`)
    expect(reply.status).toBe(302)
    expect(reply.headers.location).toBe('/')
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\//)
    expect((await get(server.port, '/?token=not-the-token')).status).toBe(403)
  })

  it('reports the session state so the renderer can say "open the printed URL"', async () => {
    expect((await get(server.port, '/session')).status).toBe(401)
    expect((await get(server.port, '/session', { cookie })).status).toBe(200)
  })

  it('serves the renderer with a strict CSP and refuses paths outside its root', async () => {
    const shell = await get(server.port, '/')
    expect(shell.status).toBe(200)
    expect(shell.text).toContain('shell')
    expect(String(shell.headers['content-security-policy'])).toMatch(
      /default-src 'none'; script-src 'self'/,
    )
    // The signup launcher popup it opens must keep its opener to post the result back.
    expect(shell.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups')
    expect((await get(server.port, '/assets/app.js')).headers['content-type']).toMatch(/javascript/)
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const reply = await get(server.port, path)
      expect(reply.text).not.toContain('outside the root')
    }
    expect((await get(server.port, '/missing.js')).status).toBe(404)
  })

  it('refuses requests for a foreign Host name (DNS rebinding)', async () => {
    expect((await get(server.port, '/', { host: `evil.example:${server.port}` })).status).toBe(421)
    expect(
      await connect(server.port, { host: `evil.example:${server.port}`, origin, cookie }),
    ).toBe(421)
  })

  it('answers a malformed or foreign request target with 400/421, not 500', async () => {
    const statusLine = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connectTcp(server.port, '127.0.0.1', () =>
          socket.write(
            `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
          ),
        )
        let reply = ''
        socket.on('data', (chunk) => (reply += String(chunk)))
        socket.on('close', () => resolve(reply.split('\r\n')[0] ?? ''))
        socket.on('error', reject)
      })
    expect(await statusLine('http://[bad')).toBe('HTTP/1.1 400 Bad Request')
    expect(await statusLine('http://%zz/')).toBe('HTTP/1.1 400 Bad Request')
    expect(await statusLine('http://evil.example/')).toBe('HTTP/1.1 421 Misdirected Request')
    expect(await statusLine(`http://localhost:${server.port}/session`)).toBe(
      'HTTP/1.1 401 Unauthorized',
    )
  })

  it('refuses a WebSocket without the session token', async () => {
    expect(await connect(server.port, { origin })).toBe(401)
    expect(await connect(server.port, { origin, cookie: 'wapc_session=forged' })).toBe(401)
  })

  it('refuses a WebSocket from a foreign Origin even with the cookie', async () => {
    expect(await connect(server.port, { origin: 'http://evil.example', cookie })).toBe(403)
    expect(await connect(server.port, { cookie })).toBe(403)
    expect(await connect(server.port, { origin, cookie }, '/other')).toBe(404)
  })

  it('carries contract calls and push events over an authenticated socket', async () => {
    const socket = (await connect(server.port, { origin, cookie })) as WebSocket
    expect(socket).toBeInstanceOf(WebSocket)
    const frames: unknown[] = []
    socket.on('message', (data) => frames.push(JSON.parse(String(data))))
    const waitFor = async (predicate: (frame: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const found = frames.find((f) => predicate(f as Record<string, unknown>))
        if (found) return found as Record<string, unknown>
        await new Promise((r) => setTimeout(r, 10))
      }
      throw new Error(`no matching frame in ${JSON.stringify(frames)}`)
    }

    socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info', input: {} }))
    socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'nope:nothing', input: {} }))
    socket.send(
      JSON.stringify({
        type: 'invoke',
        id: 3,
        channel: 'secrets:set',
        input: { name: 'not-a-secret', value: 'x' },
      }),
    )
    socket.send(JSON.stringify({ type: 'invoke', id: 4, chanel: 'typo' }))

    const info = (await waitFor((f) => f.id === 1)).result as {
      ok: boolean
      value: { mode: string }
    }
    expect(info.ok).toBe(true)
    expect(info.value.mode).toBe('sandbox')
    expect(
      ((await waitFor((f) => f.id === 2)).result as { error: { code: string } }).error.code,
    ).toBe('UNKNOWN_CHANNEL')
    expect(
      ((await waitFor((f) => f.id === 3)).result as { error: { code: string } }).error.code,
    ).toBe('VALIDATION')
    expect(
      ((await waitFor((f) => f.id === 4)).result as { error: { code: string } }).error.code,
    ).toBe('VALIDATION')

    harness.core.ready()
    const event = await waitFor((f) => f.type === 'event')
    expect(event).toMatchObject({ event: 'app:ready', payload: { mode: 'sandbox' } })
    socket.close()
  })
})
