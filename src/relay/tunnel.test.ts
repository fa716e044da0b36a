import { describe, expect, it } from 'vitest'
import { CLOSE } from '@shared/relay/protocol'
import { send } from '@server-kit/testing/http'
import { postWebhook } from '@server-kit/testing/webhook-body'
import { APP_SECRET, BACKENDS, DESKTOP_TOKEN, useBackends } from './testing/backends'
import { TestDesktop, upgradeStatus } from './testing/desktop'
import { webhookBody } from './testing/webhook-body'

const backends = useBackends()

const postMany = async (url: string, from: number, count: number) => {
  for (let n = from; n < from + count; n++) {
    const reply = await postWebhook(url, webhookBody(n), APP_SECRET)
    expect(reply.status).toBe(200)
  }
}
const numbers = (desktop: TestDesktop) =>
  desktop.bodies().map((body) => Number(/message (\d+)/.exec(body.toString())![1]))
/** Acks travel after the event: the relay counts them a moment later. */
const eventually = async (check: () => void, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

describe.each(BACKENDS)('desktop tunnel (%s backend)', (backend) => {
  it('refuses the upgrade without a token, with a wrong one, and from a browser Origin', async () => {
    const relay = await backends.start(backend, { desktopTokens: ['x'.repeat(24), DESKTOP_TOKEN] })
    expect(await upgradeStatus(relay.url, {})).toBe(401)
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${DESKTOP_TOKEN}x` })).toBe(401)
    expect(await upgradeStatus(relay.url, { authorization: `Basic ${DESKTOP_TOKEN}` })).toBe(401)
    expect(
      await upgradeStatus(relay.url, {
        authorization: `Bearer ${DESKTOP_TOKEN}`,
        origin: 'https://evil.example',
      }),
    ).toBe(403)
    // A loopback relay answers only to its own names (a rebound DNS name cannot reach it).
    const hostile = { authorization: `Bearer ${DESKTOP_TOKEN}`, host: 'evil.example' }
    expect(await upgradeStatus(relay.url, hostile)).toBe(421)
    // Either token of the list is accepted.
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${'x'.repeat(24)}` })).toBe(101)
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${DESKTOP_TOKEN}` })).toBe(101)
  })

  it('streams the backlog in order, says caught-up, then delivers live events with exact bytes', async () => {
    const relay = await backends.start(backend)
    await postMany(relay.url, 0, 5)
    const desktop = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    expect(desktop.welcome).toMatchObject({ logId: relay.log.logId, trimmed: false })
    await desktop.untilEvents(5)
    await desktop.until(() => desktop.framesOf('caught-up').length === 1)
    expect(desktop.framesOf('caught-up')[0]!.cursor).toBe(desktop.events[4]!.cursor)
    await postMany(relay.url, 5, 3)
    await desktop.untilEvents(8)
    expect(numbers(desktop)).toEqual(range(0, 8))
    // Invalid UTF-8 inside a JSON string still parses; the bytes travel as base64, unchanged.
    const raw = Buffer.concat([
      Buffer.from('{"object":"x","b":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ])
    expect((await postWebhook(relay.url, raw, APP_SECRET)).status).toBe(200)
    await desktop.untilEvents(9)
    expect(desktop.events[8]!.encoding).toBe('base64')
    expect(desktop.bodies()[8]!.equals(raw)).toBe(true)
    expect(desktop.events[0]!.encoding).toBe('utf8')
    await desktop.close()
  })

  it('resumes after a disconnect from the last cursor, with the events in between, without gaps', async () => {
    const relay = await backends.start(backend)
    await postMany(relay.url, 0, 3)
    const first = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    await first.untilEvents(3)
    const cursor = first.events[2]!.cursor
    await first.kill()
    await postMany(relay.url, 3, 4)
    const again = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      after: cursor,
      logId: first.welcome.logId,
    })
    await again.untilEvents(4)
    expect(numbers(again)).toEqual(range(3, 4))
    await postMany(relay.url, 7, 1)
    await again.untilEvents(5)
    expect(numbers(again)).toEqual(range(3, 5))
    // A cursor from another log means nothing here: the stream starts from the oldest event.
    const other = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-other',
      after: cursor,
      logId: 'another-log',
    })
    await other.untilEvents(8)
    expect(numbers(other)).toEqual(range(0, 8))
    await Promise.all([again.close(), other.close()])
  })

  it('fans out: two desktops both receive every event, in the same order', async () => {
    const relay = await backends.start(backend)
    await postMany(relay.url, 0, 10)
    const a = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN, desktopId: 'desk-a' })
    const b = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN, desktopId: 'desk-b' })
    await Promise.all(range(10, 40).map((n) => postWebhook(relay.url, webhookBody(n), APP_SECRET)))
    await Promise.all([a.untilEvents(50), b.untilEvents(50)])
    expect(numbers(a).sort((x, y) => x - y)).toEqual(range(0, 50))
    expect(a.events.map((e) => e.cursor)).toEqual(b.events.map((e) => e.cursor))
    await eventually(() => expect(relay.metrics.delivered).toBe(100))
    const metrics = await send(`${relay.url}/metrics`)
    expect(metrics.text).toContain('relay_desktop_connected{desktop="desk-a"} 1')
    expect(metrics.text).toMatch(/relay_desktop_lag_seconds\{desktop="desk-b"\} 0\n/)
    await Promise.all([a.close(), b.close()])
  })

  it('keeps at most the window un-acked, and sends more as acks come', async () => {
    const relay = await backends.start(backend)
    await postMany(relay.url, 0, 12)
    const desktop = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      window: 5,
      autoAck: false,
    })
    expect(desktop.welcome.window).toBe(5)
    await desktop.untilEvents(5)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(desktop.events).toHaveLength(5)
    expect(relay.metrics.desktops.get('desk-1')).toMatchObject({ unacked: 5, connected: true })
    // Acks are cumulative: acking the third frees three slots.
    desktop.send({ type: 'ack', cursor: desktop.events[2]!.cursor })
    await desktop.untilEvents(8)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(desktop.events).toHaveLength(8)
    desktop.send({ type: 'ack', cursor: desktop.events[7]!.cursor })
    await desktop.untilEvents(12)
    expect(numbers(desktop)).toEqual(range(0, 12))
    // An ack for something never sent is a protocol error.
    desktop.send({ type: 'ack', cursor: '999999' })
    await desktop.until(() => desktop.closeCode !== null)
    expect(desktop.closeCode).toBe(CLOSE.badAck)
  })

  it('re-syncs from a date: since starts at the first event received at or after it', async () => {
    let clock = 1_750_000_000_000
    const relay = await backends.start(backend, { now: () => clock })
    for (let n = 0; n < 6; n++) {
      await postWebhook(relay.url, webhookBody(n), APP_SECRET)
      clock += 60_000
    }
    // Redis ids carry Redis' own clock; on SQLite the relay's. Ask from the 4th event's time.
    const all = await relay.log.readAfter(null, 10)
    const since = backend === 'sqlite' ? all[3]!.receivedAt : Number(all[3]!.cursor.split('-')[0])
    const desktop = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      after: all[5]!.cursor,
      since,
    })
    await desktop.untilEvents(3)
    expect(numbers(desktop)).toEqual([3, 4, 5])
    await desktop.close()
  })

  it('says when retention deleted events the desktop had not seen, and keeps the rest', async () => {
    let clock = 1_750_000_000_000
    const relay = await backends.start(backend, { now: () => clock })
    await postMany(relay.url, 0, 3)
    const seen = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    await seen.untilEvents(3)
    await seen.close()
    const cutoff = backend === 'sqlite' ? clock + 1 : Date.now() + 1
    await new Promise((resolve) => setTimeout(resolve, 5))
    clock += 10
    await postMany(relay.url, 3, 2)
    expect(await relay.log.trim(cutoff)).toBe(3)
    const upToDate = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      after: seen.events[2]!.cursor,
    })
    expect(upToDate.welcome.trimmed).toBe(false)
    await upToDate.untilEvents(2)
    expect(numbers(upToDate)).toEqual([3, 4])
    const behind = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-behind',
      after: seen.events[0]!.cursor,
    })
    expect(behind.welcome.trimmed).toBe(true)
    await behind.untilEvents(2)
    expect(numbers(behind)).toEqual([3, 4])
    await Promise.all([upToDate.close(), behind.close()])
  })

  it('terminates a desktop that stops answering pings, and replaces a connection with the same id', async () => {
    const relay = await backends.start(backend, { heartbeatMs: 100 })
    const silent = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    silent.ws.pong = () => undefined // never answers pings
    await silent.until(() => silent.closeCode !== null, 3000, 'termination')
    expect(silent.closeCode).toBe(1006)
    const heard = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    await heard.until(() => heard.framesOf('heartbeat').length >= 2, 3000, 'heartbeats')
    const replacement = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    await heard.until(() => heard.closeCode !== null)
    expect(heard.closeCode).toBe(CLOSE.replaced)
    expect(replacement.closeCode).toBeNull()
    await replacement.close()
  })

  it('closes on frames that do not match the protocol', async () => {
    const relay = await backends.start(backend)
    const desktop = await TestDesktop.connect(relay.url, { token: DESKTOP_TOKEN })
    desktop.send({ type: 'ack', cursor: 'not a cursor' })
    await desktop.until(() => desktop.closeCode !== null)
    expect(desktop.closeCode).toBe(CLOSE.badFrame)
    expect(desktop.framesOf('error')[0]?.code).toBe('badFrame')
  })
})
