import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TunnelEventsApplied, TunnelStatus } from '@shared/contract/tunnel'
import { createLogger } from '../logger'
import { openDatabase, type Db } from '../store/database'
import { createRelayEventsRepo, type RelayEventsRepo } from '../store/relay-events-repo'
import {
  eventually,
  inboundBody,
  startTestRelay,
  type TestRelay,
} from '../test-support/webhook-relay-harness'
import { tempDir } from '../test-support/temp-dir'
import type { RelayTarget } from './relay-target'
import { startTunnelClient, type TunnelClient } from './tunnel-client'

const FAST = { baseMs: 20, capMs: 200 }

describe('tunnel client against a real relay', () => {
  let dir: ReturnType<typeof tempDir>
  let db: Db
  let repo: RelayEventsRepo
  let relay: TestRelay
  let client: TunnelClient | null
  let statuses: TunnelStatus[]
  let applied: TunnelEventsApplied[]

  beforeEach(async () => {
    dir = tempDir('wapc-tunnel-')
    db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
    repo = createRelayEventsRepo(db)
    relay = await startTestRelay(join(dir.path, 'relay-side'))
    client = null
    statuses = []
    applied = []
  })
  afterEach(async () => {
    await client?.stop()
    await relay.close()
    db.close()
    dir.cleanup()
  })

  const target = (token: () => Promise<string | null> = async () => relay.desktopToken) =>
    ({ kind: 'remote', key: relay.url, url: relay.url, token }) satisfies RelayTarget
  const start = (over: Partial<Parameters<typeof startTunnelClient>[0]> = {}) => {
    client = startTunnelClient({
      target: target(),
      desktopId: 'desk-test',
      repo,
      log: createLogger({ level: 'error', console: false }),
      onStatus: (status) => statuses.push(status),
      onApplied: (batch) => applied.push(batch),
      backoff: FAST,
      ...over,
    })
    return client
  }
  const rows = () => repo.page(0, 100_000)
  const connected = () => client?.status().state === 'connected'

  it('applies each stored webhook once, with its exact bytes, headers and receive time', async () => {
    const bodies = ['wamid.A', 'wamid.B', 'wamid.C'].map((id) => inboundBody(id))
    for (const body of bodies) expect(await relay.post(body)).toBe(200)
    start()
    await eventually(() => rows().length === 3 && connected(), 'three events')
    const stored = rows()
    expect(stored.map((row) => row.body.toString())).toEqual(bodies)
    const headers = JSON.parse(stored[0]!.headers) as Record<string, string>
    expect(headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(stored[0]!.received_at).toBeGreaterThan(Date.now() - 60_000)
    expect(repo.cursor(relay.url)?.cursor).toBe(stored[2]!.cursor)

    // Live: an event posted now arrives too, and the status follows.
    expect(await relay.post(inboundBody('wamid.D'))).toBe(200)
    await eventually(() => rows().length === 4, 'the live event')
    expect(applied.reduce((n, batch) => n + batch.recorded, 0)).toBe(4)
    await eventually(() => client!.status().eventsApplied === 4, 'the status count')
    expect(client!.status()).toMatchObject({ relay: 'remote', relayUrl: relay.url, error: null })
    expect(statuses.map((s) => s.state)).toContain('connected')
  })

  it('resumes after a disconnect from its cursor: events in between arrive, none twice', async () => {
    await relay.post(inboundBody('wamid.1'))
    start()
    await eventually(() => rows().length === 1 && connected(), 'the first event')
    await client!.stop()
    for (const id of ['wamid.2', 'wamid.3']) await relay.post(inboundBody(id))
    applied = []
    start()
    await eventually(() => rows().length === 3 && connected(), 'the events in between')
    // Resumed after its cursor: the relay did not send the first event again.
    expect(applied.reduce((n, batch) => n + batch.alreadyApplied, 0)).toBe(0)
    expect(
      rows().map((row) => JSON.parse(row.body.toString()).entry[0].changes[0].value.messages[0].id),
    ).toEqual(['wamid.1', 'wamid.2', 'wamid.3'])
  })

  it('records a webhook Meta sent twice (same wamid, new event) as a duplicate of the first', async () => {
    const body = inboundBody('wamid.SAME')
    await relay.post(body)
    await relay.post(body)
    await relay.post(inboundBody('wamid.OTHER'))
    start()
    await eventually(() => rows().length === 3, 'three events')
    const [first, second, third] = rows()
    expect(second!.duplicate_of).toBe(first!.seq)
    expect(third!.duplicate_of).toBeNull()
    expect(applied.reduce((n, batch) => n + batch.duplicates, 0)).toBe(1)
  })

  it('re-syncs from a date: events already applied are replayed and skipped, none doubled', async () => {
    for (const id of ['wamid.r1', 'wamid.r2']) await relay.post(inboundBody(id))
    start()
    await eventually(() => rows().length === 2 && connected(), 'the first events')
    const since = Date.now() - 60_000
    applied = []
    client!.resync(since)
    expect(client!.status().resyncSince).toBe(new Date(since).toISOString())
    await eventually(
      () => applied.reduce((n, batch) => n + batch.alreadyApplied, 0) === 2,
      'the replay',
    )
    await relay.post(inboundBody('wamid.r3'))
    await eventually(() => rows().length === 3 && connected(), 'the next live event')
    expect(client!.status().resyncSince).toBeNull()
    expect(rows()).toHaveLength(3)
  })

  it('re-syncs with backoff when the relay is down, then replays once it is back', async () => {
    for (const id of ['wamid.d1', 'wamid.d2']) await relay.post(inboundBody(id))
    let attempts = 0
    start({ target: target(async () => (attempts++, relay.desktopToken)) })
    await eventually(() => rows().length === 2 && connected(), 'the first events')
    const { port } = new URL(relay.url)
    const token = relay.desktopToken
    await relay.close()
    await eventually(() => client!.status().state === 'disconnected', 'the disconnect')
    applied = []
    client!.resync(Date.now() - 60_000)
    const before = attempts
    // Retries, waiting between attempts like any reconnect (a loop without backoff would stay
    // "connecting" and never schedule a retry), the re-sync still pending.
    await eventually(() => {
      const status = client!.status()
      return attempts >= before + 3 && status.state === 'disconnected' && status.retryAt !== null
    }, 'retries with backoff')
    expect(client!.status().resyncSince).not.toBeNull()
    relay = await startTestRelay(join(dir.path, 'relay-side'), {
      port: Number(port),
      appSecret: relay.appSecret,
      desktopToken: token,
    })
    await eventually(
      () => applied.reduce((n, batch) => n + batch.alreadyApplied, 0) === 2 && connected(),
      'the replay after the restart',
    )
    expect(client!.status().resyncSince).toBeNull()
    expect(rows()).toHaveLength(2)
  })

  it('loses and doubles nothing when it fails between applying and acknowledging', async () => {
    for (const id of ['wamid.c1', 'wamid.c2']) await relay.post(inboundBody(id))
    let failures = 0
    // The transaction commits, then the process "dies" before the ack: the connection drops.
    const crashing: RelayEventsRepo = {
      ...repo,
      apply(...args) {
        const outcome = repo.apply(...args)
        if (failures++ === 0) throw new Error('killed after commit, before ack')
        return outcome
      },
    }
    start({ repo: crashing })
    await eventually(() => failures === 1, 'the failed batch')
    await eventually(
      () => statuses.some((s) => s.state === 'disconnected') && connected(),
      'the reconnect',
    )
    // Committed before the "crash": on disk once, and the relay resumed after it.
    expect(rows()).toHaveLength(2)
    await relay.post(inboundBody('wamid.c3'))
    await eventually(() => rows().length === 3, 'the next event')
    expect(new Set(rows().map((row) => row.cursor)).size).toBe(3)
  })

  it('gets a batch again when its transaction failed on a full disk (nothing acknowledged, nothing lost)', async () => {
    // A real SQLITE_FULL: the database may not grow, and each 20 KB body needs new pages.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    for (const id of ['wamid.f1', 'wamid.f2']) await relay.post(inboundBody(id, 'x'.repeat(20_000)))
    start()
    await eventually(
      () => statuses.some((s) => s.state === 'disconnected' && s.error !== null),
      'the failed batch',
    )
    // The status points at this desktop's disk, not at the relay.
    expect(statuses.find((s) => s.state === 'disconnected')?.error).toEqual({
      message: 'The disk is full: could not store the relay events.',
      fix: 'Free some disk space; nothing was lost — the change was not written and can be retried.',
    })
    expect(rows()).toHaveLength(0)
    // Room again: the relay, never told, sends the same batch on the next connection.
    db.pragma('max_page_count = 1073741823')
    await eventually(() => rows().length === 2 && connected(), 'the re-sent batch')
    expect(
      rows().map((row) => JSON.parse(row.body.toString()).entry[0].changes[0].value.messages[0].id),
    ).toEqual(['wamid.f1', 'wamid.f2'])
  })

  it('says when the relay refuses its token, and connects once the token is right', async () => {
    let token = 'not-the-relay-token-0123456789'
    start({ target: target(async () => token) })
    await eventually(() => client!.status().state === 'disconnected', 'the refusal')
    expect(client!.status().error).toMatchObject({
      message: "The relay refused this desktop's token (HTTP 401).",
      fix: expect.stringContaining('RELAY_TOKEN'),
    })
    expect(client!.status().retryAt).not.toBeNull()
    token = relay.desktopToken
    client!.retryNow()
    await eventually(connected, 'the connection with the right token')
    expect(client!.status().error).toBeNull()
  })

  it('says so when no token is set', async () => {
    start({ target: target(async () => null) })
    await eventually(() => client!.status().error !== null, 'the error')
    expect(client!.status()).toMatchObject({
      state: 'disconnected',
      error: { message: 'No relay token is set.', fix: expect.stringContaining('RELAY_TOKEN') },
    })
  })

  it('reconnects with backoff when the relay restarts, and resumes where it was', async () => {
    await relay.post(inboundBody('wamid.before'))
    start()
    await eventually(() => rows().length === 1 && connected(), 'the first event')
    const { port } = new URL(relay.url)
    const token = relay.desktopToken
    await relay.close()
    await eventually(() => client!.status().state === 'disconnected', 'the disconnect')
    relay = await startTestRelay(join(dir.path, 'relay-side'), {
      port: Number(port),
      appSecret: relay.appSecret,
      desktopToken: token,
    })
    await relay.post(inboundBody('wamid.after'))
    await eventually(() => rows().length === 2 && connected(), 'the event after the restart')
    expect(rows().map((row) => row.log_id)).toEqual([rows()[0]!.log_id, rows()[0]!.log_id])
  })
})
