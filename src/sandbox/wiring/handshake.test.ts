import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type TestSandbox } from '../testing/harness'
import { createHandshake, HANDSHAKE_REPLY_BYTES } from './handshake'

/**
 * The verification GET against a callback_url that is not a webhook at all but some other local
 * service: the sandbox reads a small bounded reply, compares it with the challenge and never
 * repeats it, so it cannot be used to read local pages.
 */
const SECRET = 'internal admin page: db password hunter2'

const servers: Server[] = []
let t: TestSandbox | null = null
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await t?.close()
  t = null
})

async function localService(
  handler: (res: ServerResponse, query: URLSearchParams) => void,
): Promise<string> {
  const server = createServer((req, res) =>
    handler(res, new URL(req.url ?? '/', 'http://x').searchParams),
  )
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`
}

describe('callback verification', () => {
  it('never echoes what a local URL answered, with 200 or with an error status', async () => {
    t = await startSandbox()
    for (const status of [200, 404, 500]) {
      const url = await localService((res) => res.writeHead(status).end(SECRET))
      const result = await t.control('POST', '/config', { callback_url: url })
      expect(result.status).toBe(400)
      expect(result.body.error.message).toMatch(/^Callback verification failed: /)
      expect(result.raw.toString()).not.toContain('hunter2')
      expect(result.raw.toString()).not.toContain('admin page')
      expect(t.sandbox.config.callback_url).toBeNull()
    }
  })

  it('reads at most a small reply: an endless body fails at once, not after the timeout', async () => {
    let closed = false
    const url = await localService((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      const pump = () => {
        while (res.write(chunk));
      }
      res.on('drain', pump)
      res.on('close', () => (closed = true))
      pump()
    })
    const handshake = createHandshake({ timeoutMs: 30_000 })
    const result = await handshake(url, 'verify')
    expect(result).toEqual({
      ok: false,
      reason: 'the callback answered 200 but its body was not the hub.challenge value',
      status: 200,
    })
    await expect.poll(() => closed).toBe(true)
  })

  it('passes a callback that answers the challenge, within the bounded reply', async () => {
    const handshake = createHandshake()
    const echo = await localService((res, query) =>
      res.writeHead(200).end(query.get('hub.challenge')),
    )
    expect(await handshake(echo, 'verify')).toEqual({ ok: true })
    const padded = await localService((res, query) =>
      res.writeHead(200).end(`${query.get('hub.challenge')}${' '.repeat(HANDSHAKE_REPLY_BYTES)}`),
    )
    expect((await handshake(padded, 'verify')).ok).toBe(false)
  })
})
