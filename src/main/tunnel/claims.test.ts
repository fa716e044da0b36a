import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger'
import { openDatabase, type Db } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { tempDir } from '../test-support/temp-dir'
import { eventually, startTestRelay, type TestRelay } from '../test-support/webhook-relay-harness'
import type { ClaimOutcome } from './claims'
import { startTunnelClient, type TunnelClient } from './tunnel-client'

const FAST = { baseMs: 20, capMs: 200 }

describe('claims through the tunnel client, against a real relay', () => {
  let dir: ReturnType<typeof tempDir>
  let relay: TestRelay
  let dbs: Db[]
  let clients: TunnelClient[]

  beforeEach(async () => {
    dir = tempDir('wapc-claims-')
    relay = await startTestRelay(join(dir.path, 'relay-side'))
    dbs = []
    clients = []
  })
  afterEach(async () => {
    for (const client of clients) await client.stop()
    await relay.close()
    for (const db of dbs) db.close()
    dir.cleanup()
  })

  /** A desktop: its own database and tunnel client, taking claims. */
  async function desktop(id: string, claims: { graceMs?: number; retryMs?: number } = {}) {
    const db = openDatabase({ file: join(dir.path, `${id}.sqlite3`) }).db
    dbs.push(db)
    const client = startTunnelClient({
      target: {
        kind: 'remote',
        key: relay.url,
        url: relay.url,
        token: async () => relay.desktopToken,
      },
      desktopId: id,
      repo: createRelayEventsRepo(db),
      log: createLogger({ level: 'error', console: false }),
      onStatus: () => undefined,
      onApplied: () => undefined,
      backoff: FAST,
      claims: { graceMs: 150, retryMs: 100, ...claims },
    })
    clients.push(client)
    await eventually(() => client.status().state === 'connected', `${id} connected`)
    return client
  }

  it('gives the claim to the desktop that asks, records one completion, and answers taken after it', async () => {
    const one = await desktop('desk-one')
    const first = await one.claims.claim('ai-reply:wamid.1', { timeoutMs: 5000 })
    expect(first.kind).toBe('won')
    const lease = (first as Extract<ClaimOutcome, { kind: 'won' }>).lease
    expect(lease).toMatchObject({ key: 'ai-reply:wamid.1', token: 1 })
    expect(lease.valid()).toBe(true)
    expect(await lease.complete()).toBe('completed')
    expect(lease.valid()).toBe(false)
    // Asking again for completed work: nobody does it a second time.
    expect(await one.claims.claim('ai-reply:wamid.1', { timeoutMs: 5000 })).toEqual({
      kind: 'taken',
    })
  })

  it('lets exactly one of two desktops asking for the same key do the work', async () => {
    const a = await desktop('desk-a')
    const b = await desktop('desk-b')
    const outcomes = await Promise.all(
      [a, b].map(async (client) => {
        const outcome = await client.claims.claim('ai-reply:wamid.2', { timeoutMs: 8000 })
        if (outcome.kind !== 'won') return outcome.kind
        return (await outcome.lease.complete()) === 'completed' ? 'did the work' : 'lost the lease'
      }),
    )
    expect(outcomes.sort()).toEqual(['did the work', 'taken'])
  })

  it('gets an offer that went to a desktop that did not ask, once that desktop gives it back', async () => {
    const asking = await desktop('desk-asking')
    const other = await desktop('desk-other')
    // Several keys: the relay spreads offers over both desktops, so some go to the other one
    // first, which holds each briefly and releases it.
    const keys = ['k1', 'k2', 'k3', 'k4'].map((k) => `ai-reply:wamid.${k}`)
    const outcomes = await Promise.all(
      keys.map((key) => asking.claims.claim(key, { timeoutMs: 8000 })),
    )
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['won', 'won', 'won', 'won'])
    for (const outcome of outcomes)
      if (outcome.kind === 'won') expect(await outcome.lease.complete()).toBe('completed')
    // Some came back from the other desktop: their token was raised by the re-offer.
    expect(outcomes.some((outcome) => outcome.kind === 'won' && outcome.lease.token > 1)).toBe(true)
    expect(await other.claims.claim(keys[0]!, { timeoutMs: 5000 })).toEqual({ kind: 'taken' })
  })

  it('voids a lease whose connection dropped: its completion is refused, the claim is offered again', async () => {
    const holder = await desktop('desk-holder')
    const won = await holder.claims.claim('ai-reply:wamid.3', { timeoutMs: 5000 })
    expect(won.kind).toBe('won')
    const lease = (won as Extract<ClaimOutcome, { kind: 'won' }>).lease
    const { port } = new URL(relay.url)
    const token = relay.desktopToken
    await relay.close()
    await eventually(() => holder.status().state === 'disconnected', 'the disconnect')
    expect(lease.valid()).toBe(false)
    expect(await lease.complete()).toBe('unknown')
    // No relay: nobody can be asked.
    expect(await holder.claims.claim('ai-reply:wamid.4')).toEqual({
      kind: 'unavailable',
      reason: 'not connected to the relay',
    })
    relay = await startTestRelay(join(dir.path, 'relay-side'), {
      port: Number(port),
      appSecret: relay.appSecret,
      desktopToken: token,
    })
    await eventually(() => holder.status().state === 'connected', 'the reconnect')
    const again = await holder.claims.claim('ai-reply:wamid.3', { timeoutMs: 5000 })
    expect(again.kind).toBe('won')
    expect((again as Extract<ClaimOutcome, { kind: 'won' }>).lease.token).toBeGreaterThan(
      lease.token,
    )
  })

  it('says unavailable when no offer comes in time (another desktop holds the lease)', async () => {
    const holder = await desktop('desk-busy')
    const waiting = await desktop('desk-waiting')
    const held = await holder.claims.claim('ai-reply:wamid.5', { timeoutMs: 5000 })
    expect(held.kind).toBe('won')
    expect(await waiting.claims.claim('ai-reply:wamid.5', { timeoutMs: 400 })).toEqual({
      kind: 'unavailable',
      reason: 'no offer from the relay within 400 ms',
    })
    if (held.kind === 'won') expect(await held.lease.complete()).toBe('completed')
  })
})
