import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Redis from 'ioredis'
import { describe, expect, it } from 'vitest'
import { sign } from '@server-kit/crypto/webhook-signature'
import { MAX_WEBHOOK_BODY_BYTES, WEBHOOK_PATH } from '@shared/relay/protocol'
import { createLogger } from '@server-kit/log/logger'
import { send } from '@server-kit/testing/http'
import { postWebhook } from '@server-kit/testing/webhook-body'
import { openEventLog } from './relay'
import { APP_SECRET, BACKENDS, VERIFY_TOKEN, useBackends } from './testing/backends'
import { startRedisServer } from './testing/redis-server'
import { webhookBody } from './testing/webhook-body'

const backends = useBackends()

describe.each(BACKENDS)('webhook endpoint (%s backend)', (backend) => {
  it('answers Meta’s verification handshake only with the right verify token', async () => {
    const relay = await backends.start(backend)
    const verify = (token: string, mode = 'subscribe') =>
      send(
        `${relay.url}${WEBHOOK_PATH}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`,
      )
    const right = await verify(VERIFY_TOKEN)
    expect(right.status).toBe(200)
    expect(right.text).toBe('1158201444')
    expect(right.headers['content-type']).toMatch(/^text\/plain/)
    const wrong = await verify('not-the-token')
    expect(wrong.status).toBe(403)
    expect(wrong.text).not.toContain('1158201444')
    expect((await verify(VERIFY_TOKEN, 'unsubscribe')).status).toBe(400)
  })

  it('stores a correctly signed body byte for byte, with its headers and receive time, and answers 200', async () => {
    let clock = 1_750_000_000_000
    const relay = await backends.start(backend, { now: () => clock })
    // Key order, spacing and escapes that re-serialising would change: the bytes must survive.
    const body = '{ "object":"whatsapp_business_account" ,"entry":[], "x":"\\u00e9 é"}'
    const reply = await postWebhook(relay.url, body, APP_SECRET)
    expect(reply.status).toBe(200)
    clock += 5
    const [event] = await relay.log.readAfter(null, 10)
    expect(event!.body.equals(Buffer.from(body))).toBe(true)
    expect(event!.receivedAt).toBe(1_750_000_000_000)
    expect(event!.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      'x-hub-signature-256': sign(body, APP_SECRET),
    })
    expect(relay.metrics.stored).toBe(1)
  })

  it('refuses a missing (401), invalid, tampered or wrong-secret signature (403) and stores nothing', async () => {
    const relay = await backends.start(backend)
    const body = webhookBody(1)
    const missing = await postWebhook(relay.url, body, APP_SECRET, { 'x-hub-signature-256': '' })
    // An empty header is a header: only an absent one is "missing".
    expect(missing.status).toBe(403)
    const absent = await send(relay.url + WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(absent.status).toBe(401)
    const garbage = await postWebhook(relay.url, body, APP_SECRET, {
      'x-hub-signature-256': 'sha256=not-hex',
    })
    expect(garbage.status).toBe(403)
    const tampered = await postWebhook(relay.url, body, APP_SECRET, {
      'x-hub-signature-256': sign(body.replace('message 1', 'message 2'), APP_SECRET),
    })
    expect(tampered.status).toBe(403)
    const wrongSecret = await postWebhook(relay.url, body, 'another-app-secret-0123456789abcd')
    expect(wrongSecret.status).toBe(403)
    const sha1 = await postWebhook(relay.url, body, APP_SECRET, {
      'x-hub-signature-256': sign(body, APP_SECRET).replace('sha256=', 'sha1='),
    })
    expect(sha1.status).toBe(403)
    expect(await relay.log.readAfter(null, 10)).toEqual([])
    expect(relay.metrics.rejected.get('signature_missing')).toBe(1)
    expect(relay.metrics.rejected.get('signature_invalid')).toBe(5)
  })

  it('refuses an oversized body with 413 (declared or streamed) and accepts one just under Meta’s 3 MB', async () => {
    const relay = await backends.start(backend)
    const padded = (bytes: number) => {
      const shell = '{"object":"whatsapp_business_account","pad":""}'
      return shell.replace('""', `"${'x'.repeat(bytes - shell.length)}"`)
    }
    const big = padded(MAX_WEBHOOK_BODY_BYTES + 1)
    expect((await postWebhook(relay.url, big, APP_SECRET)).status).toBe(413)
    const chunked = await postWebhook(relay.url, big, APP_SECRET, {
      'transfer-encoding': 'chunked',
    })
    expect(chunked.status).toBe(413)
    const meta = padded(3 * 1024 * 1024)
    expect((await postWebhook(relay.url, meta, APP_SECRET)).status).toBe(200)
    const stored = await relay.log.readAfter(null, 10)
    expect(stored.map((event) => event.body.length)).toEqual([meta.length])
    expect(relay.metrics.rejected.get('too_large')).toBe(2)
  })

  it('refuses a signed body that is not a JSON object with 400 and stores nothing', async () => {
    const relay = await backends.start(backend)
    for (const body of ['{"object":', 'not json', '[1,2]', '"text"', '']) {
      const reply = await postWebhook(relay.url, body, APP_SECRET)
      expect(reply.status, body).toBe(400)
    }
    expect(await relay.log.readAfter(null, 10)).toEqual([])
    expect(relay.metrics.rejected.get('malformed_json')).toBe(5)
  })

  it('answers 200 only for what is durable: a fresh open of the same log has every event, in order', async () => {
    const storage = backends.storage(backend)
    const relay = await backends.start(backend, { storage })
    const bodies = Array.from({ length: 60 }, (_, n) => webhookBody(n))
    const replies = await Promise.all(
      bodies.map((body) => postWebhook(relay.url, body, APP_SECRET)),
    )
    expect(replies.map((reply) => reply.status)).toEqual(bodies.map(() => 200))
    await relay.close()
    const reopened = await openEventLog(storage, 1000)
    const events = await reopened.readAfter(null, 100)
    await reopened.close()
    expect(events.map((event) => event.body.toString()).sort()).toEqual([...bodies].sort())
    const cursors = events.map((event) => event.cursor)
    expect(new Set(cursors).size).toBe(60)
  })

  it('serves /healthz and Prometheus /metrics with received, stored, rejected and delivered', async () => {
    const relay = await backends.start(backend)
    await postWebhook(relay.url, webhookBody(1), APP_SECRET)
    await postWebhook(relay.url, 'nope', APP_SECRET)
    const health = await send(`${relay.url}/healthz`)
    expect(health.status).toBe(200)
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', backend })
    const metrics = await send(`${relay.url}/metrics`)
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(metrics.text).toContain('relay_webhooks_received_total 2')
    expect(metrics.text).toContain('relay_webhooks_stored_total 1')
    expect(metrics.text).toContain('relay_webhooks_rejected_total{reason="malformed_json"} 1')
    expect(metrics.text).toContain('relay_events_delivered_total 0')
    // One stored webhook: counted once in the ack histogram, in +Inf and in every bucket above it.
    expect(metrics.text).toContain('# TYPE relay_webhook_ack_seconds histogram')
    expect(metrics.text).toContain('relay_webhook_ack_seconds_count 1')
    expect(metrics.text).toContain('relay_webhook_ack_seconds_bucket{le="+Inf"} 1')
    expect(metrics.text).toContain('relay_webhook_ack_seconds_bucket{le="2.5"} 1')
  })

  it('answers only to its own names on loopback (DNS rebinding) and 404 elsewhere', async () => {
    const relay = await backends.start(backend)
    const foreign = await send(`${relay.url}/healthz`, { headers: { host: 'evil.example' } })
    expect(foreign.status).toBe(421)
    expect((await send(`${relay.url}/nothing-here`)).status).toBe(404)
    expect((await send(relay.url + WEBHOOK_PATH, { method: 'PUT' })).status).toBe(405)
  })
})

describe('webhook endpoint when its log cannot store', () => {
  it('answers 503 and stores nothing while Redis refuses writes (out of memory); Meta’s retry is then stored once', async () => {
    const relay = await backends.start('redis')
    const admin = new Redis(backends.redisUrl(), { lazyConnect: true })
    await admin.connect()
    const body = webhookBody(1)
    try {
      // A real refusal from the real server: above maxmemory with noeviction, every write fails.
      await admin.config('SET', 'maxmemory-policy', 'noeviction')
      await admin.config('SET', 'maxmemory', '1')
      const refused = await postWebhook(relay.url, body, APP_SECRET)
      expect(refused.status).toBe(503)
      expect(refused.text).toMatch(/could not be stored; retry later/)
      expect(relay.metrics.rejected.get('storage_failed')).toBe(1)
      expect(relay.metrics.stored).toBe(0)
    } finally {
      await admin.config('SET', 'maxmemory', '0')
      admin.disconnect()
    }
    // Meta sends again what did not get a 200 (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications).
    const retried = await postWebhook(relay.url, body, APP_SECRET)
    expect(retried.status).toBe(200)
    const events = await relay.log.readAfter(null, 10)
    expect(events.map((event) => event.body.toString())).toEqual([body])
    const metrics = await send(`${relay.url}/metrics`)
    expect(metrics.text).toContain('relay_webhooks_rejected_total{reason="storage_failed"} 1')
    expect(metrics.text).toContain('relay_webhooks_stored_total 1')
  })
  it('answers 503 to webhooks and to /healthz while Redis is down, acknowledging nothing', async () => {
    const own = await startRedisServer()
    const logFile = join(backends.root, 'redis-down.log')
    try {
      const relay = await backends.start('redis', {
        storage: { redisUrl: own.url, redisPrefix: 'down:' },
        logger: createLogger({ file: logFile, level: 'info', console: false }),
      })
      expect((await postWebhook(relay.url, webhookBody(1), APP_SECRET)).status).toBe(200)
      await own.stop()
      // A load balancer takes the instance out; Meta retries what got no 200.
      const refused = await postWebhook(relay.url, webhookBody(2), APP_SECRET)
      expect(refused.status).toBe(503)
      const health = await send(`${relay.url}/healthz`)
      expect(health.status).toBe(503)
      expect(JSON.parse(health.text)).toEqual({ status: 'unavailable', backend: 'redis' })
      expect([relay.metrics.stored, relay.metrics.rejected.get('storage_failed')]).toEqual([1, 1])
      await relay.close()
      // Said once per connection in the relay's own log, not at every reconnect attempt.
      const outages = readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('relay.redis.unavailable'))
        .map((line) => (JSON.parse(line) as { role: string }).role)
      expect(outages.sort()).toEqual(['appends', 'follower', 'signups'])
    } finally {
      await own.stop()
    }
  })
})
