import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBearer, newToken, tokensEqual } from './bearer'
import { checkJsonContentType, parseJson, readBody } from './body'
import { checkOrigin, loopbackHosts, loopbackOrigins, requestTarget } from './loopback'
import { HttpRefusal } from './refusal'

/**
 * The guards on a real node:http server, the way the console's web server and the sandbox use
 * them: Host → Origin → bearer token → Content-Type → capped body → null-prototype JSON.
 */
interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

let server: Server
let port: number
const TOKEN = newToken()
const LIMIT = 1024

function send(
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
  rawPath?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: rawPath ?? options.path ?? '/control',
        headers: {
          host: `127.0.0.1:${port}`,
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          ...options.headers,
        },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const hosts = loopbackHosts(port)
    void (async () => {
      const url = requestTarget(req, hosts)
      checkOrigin(req, loopbackOrigins(hosts))
      checkBearer(req, TOKEN, 'test')
      checkJsonContentType(req)
      const raw = await readBody(req, LIMIT)
      const body = raw.length > 0 ? parseJson(raw.toString('utf8')) : null
      const probe = {} as Record<string, unknown>
      answer(200, {
        path: url.pathname,
        origin: url.origin,
        keys: body && typeof body === 'object' ? Object.keys(body) : [],
        prototypeOfBody: body && typeof body === 'object' ? Object.getPrototypeOf(body) : 'n/a',
        polluted: probe.polluted ?? null,
      })
    })().catch((error: unknown) => {
      if (error instanceof HttpRefusal)
        answer(error.status, { error: error.message }, { connection: 'close', ...error.headers })
      else answer(500, { error: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('loopback server guards', () => {
  it('accepts its own loopback names with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const reply = await send({ headers: { host }, body: '{}' })
      expect(reply.status, host).toBe(200)
      expect(JSON.parse(reply.body).origin).toBe(`http://${host}`)
    }
  })

  it('refuses a foreign Host (DNS rebinding) with 421', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const reply = await send({ headers: { host }, body: '{}' })
      expect(reply.status, host).toBe(421)
      expect(JSON.parse(reply.body).error).toMatch(/Misdirected/)
    }
  })

  it('refuses an absolute request target naming a foreign host, even with our Host header', async () => {
    const reply = await send({ body: '{}' }, 'http://evil.example/control')
    expect(reply.status).toBe(421)
    const ours = await send({ body: '{}' }, `http://localhost:${port}/control`)
    expect(ours.status).toBe(200)
  })

  it('answers a malformed request target with 400, not 500', async () => {
    for (const target of ['http://[bad', 'http://%zz/', '*']) {
      const reply = await send({ body: '{}' }, target)
      expect(reply.status, target).toBe(400)
    }
    // A path starting with // is a path, not a host.
    const reply = await send({ body: '{}' }, '//evil.example/x')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({
      path: '//evil.example/x',
      origin: `http://127.0.0.1:${port}`,
    })
  })

  it('refuses a foreign Origin with 403 and lets its own (or none) through', async () => {
    const foreign = await send({ headers: { origin: 'http://evil.example' }, body: '{}' })
    expect(foreign.status).toBe(403)
    expect((await send({ headers: { origin: 'null' }, body: '{}' })).status).toBe(403)
    const own = await send({ headers: { origin: `http://localhost:${port}` }, body: '{}' })
    expect(own.status).toBe(200)
    expect((await send({ body: '{}' })).status).toBe(200)
  })

  it('requires the bearer token, compared in full', async () => {
    const none = await send({ headers: { authorization: '' }, body: '{}' })
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Bearer realm="test"')
    const wrong = await send({ headers: { authorization: `Bearer ${TOKEN}x` }, body: '{}' })
    expect(wrong.status).toBe(401)
    const prefix = await send({ headers: { authorization: `Bearer ${TOKEN.slice(0, 10)}` } })
    expect(prefix.status).toBe(401)
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true)
    expect(tokensEqual(undefined, TOKEN)).toBe(false)
    expect(tokensEqual('', '')).toBe(false)
  })

  it('accepts JSON only as application/json (415 for text/plain and forms)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; a=b']) {
      const reply = await send({ headers: { 'content-type': type }, body: '{"rate":1}' })
      expect(reply.status, type).toBe(415)
    }
    const charset = await send({
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{}',
    })
    expect(charset.status).toBe(200)
    // No body, no content type needed (curl -X DELETE).
    const empty = await send({ method: 'DELETE', headers: { 'content-type': '' } })
    expect(empty.status).toBe(200)
  })

  it('answers an oversized body with 413, declared or streamed', async () => {
    const declared = await send({ body: JSON.stringify({ pad: 'x'.repeat(LIMIT) }) })
    expect(declared.status).toBe(413)
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/control',
          headers: {
            host: `127.0.0.1:${port}`,
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      for (let i = 0; i < 4; i++) req.write('x'.repeat(LIMIT / 2))
      req.end()
    })
    expect(chunked).toBe(413)
  })

  it('parses JSON into null-prototype objects: __proto__ and constructor are inert keys', async () => {
    const reply = await send({
      body: '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":{"__proto__":{"x":1}}}',
    })
    expect(reply.status).toBe(200)
    const seen = JSON.parse(reply.body)
    expect(seen.keys).toEqual(['__proto__', 'constructor', 'a'])
    expect(seen.prototypeOfBody).toBeNull()
    expect(seen.polluted).toBeNull()
    const parsed = parseJson('{"a":{"__proto__":{"x":1}},"b":[{"constructor":2}]}') as {
      a: Record<string, unknown>
      b: Record<string, unknown>[]
    }
    expect(Object.getPrototypeOf(parsed.a)).toBeNull()
    expect(parsed.a.x).toBeUndefined()
    expect(Object.hasOwn(parsed.a, '__proto__')).toBe(true)
    expect(parsed.b[0]?.constructor).toBe(2)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('loopbackHosts', () => {
  it('adds a specific bound address but never a wildcard', () => {
    expect([...loopbackHosts(5180)]).toEqual(['127.0.0.1:5180', 'localhost:5180', '[::1]:5180'])
    expect(loopbackHosts(5180, '0.0.0.0').size).toBe(3)
    expect(loopbackHosts(5180, '::').size).toBe(3)
    expect(loopbackHosts(5180, '192.168.1.7').has('192.168.1.7:5180')).toBe(true)
    expect(loopbackHosts(5180, '::1').size).toBe(3)
    expect(loopbackHosts(80).has('localhost')).toBe(true)
  })
})
