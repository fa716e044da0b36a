import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TunnelEventsApplied, TunnelStatus } from '@shared/contract/tunnel'
import { startEmbeddedSandbox } from '../embedded/start-sandbox'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { startTestCore } from '../test-support/core'
import { requireKeychain } from '../test-support/keychain'
import {
  eventually,
  sandboxCustomerWrites,
  startTestRelay,
  type TestRelay,
} from '../test-support/webhook-relay-harness'
import { tempDir } from '../test-support/temp-dir'
import { eventRow } from './event-row'
import { createAuditRepo } from '../store/audit-repo'

type TestCore = Awaited<ReturnType<typeof startTestCore>>

const web = { transport: 'web' } as const

async function status(core: TestCore): Promise<TunnelStatus> {
  const result = await core.core.router.dispatch('tunnel:status', undefined, web)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as TunnelStatus
}

/** The relay events applied in a core's data directory, read like `npm run inspect` does. */
function appliedRows(dataDir: string) {
  const { db } = openDatabase({ file: join(dataDir, DATABASE_FILE), readonly: true })
  try {
    return createRelayEventsRepo(db).page(0, 1000).map(eventRow)
  } finally {
    db.close()
  }
}
const appliedBodies = (dataDir: string) => appliedRows(dataDir).map((row) => row.body)

function auditActions(dataDir: string) {
  const { db } = openDatabase({ file: join(dataDir, DATABASE_FILE), readonly: true })
  try {
    return createAuditRepo(db).recent(100)
  } finally {
    db.close()
  }
}

describe('the webhook tunnel in the core', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  beforeAll(requireKeychain)
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('embedded mode: a sandbox customer message reaches relay_events through the embedded relay', async () => {
    const test = await startTestCore()
    cleanups.push(() => test.stop())
    const { core } = test
    expect(core.relayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // The sandbox's callback is the relay, set through Meta's verification handshake.
    const sandbox = { url: core.info().sandboxUrl!, controlToken: core.sandboxControlToken! }
    const config = await request(`${sandbox.url}/_sandbox/config`, {
      headers: { authorization: `Bearer ${sandbox.controlToken}` },
    })
    expect(((await config.body.json()) as { callback_url: string }).callback_url).toBe(
      `${core.relayUrl}/webhooks/whatsapp`,
    )
    const pushed: string[] = []
    core.events.subscribe((event) => pushed.push(event))

    const wamid = await sandboxCustomerWrites(sandbox, 'Is my order on its way?')
    await eventually(
      () => appliedBodies(test.dataDir).some((body) => body.includes(wamid)),
      'the customer message in relay_events',
    )
    const row = appliedRows(test.dataDir).find((event) => event.body.includes(wamid))
    expect(row).toMatchObject({
      relay_id: expect.stringMatching(/^\d+$/),
      body_encoding: 'utf8',
      headers: { 'x-hub-signature-256': expect.stringMatching(/^sha256=/) },
    })
    const messages = (
      JSON.parse(String(row!.body)) as {
        entry: { changes: { value: { messages?: { id: string; text: { body: string } }[] } }[] }[]
      }
    ).entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.messages ?? []))
    expect(messages.find((message) => message.id === wamid)?.text.body).toBe(
      'Is my order on its way?',
    )
    await eventually(() => pushed.includes('tunnel:events-applied'), 'the push event')
    expect(await status(test)).toMatchObject({ relay: 'embedded', relayUrl: core.relayUrl })
    expect(existsSync(join(test.dataDir, 'relay', 'desktop-token'))).toBe(true)
  })

  it('RELAY_URL mode: connects to that relay with RELAY_TOKEN (moved to the keychain), no embedded relay', async () => {
    const relayDir = tempDir('wapc-remote-relay-')
    const relay: TestRelay = await startTestRelay(relayDir.path)
    cleanups.push(() => relayDir.cleanup())
    cleanups.push(() => relay.close())
    const test = await startTestCore({
      env: { RELAY_URL: relay.url, RELAY_TOKEN: relay.desktopToken },
      // The sandbox plays Meta with the app secret and verify token the relay was started with.
      startSandbox: (port, log, _seed, options) =>
        startEmbeddedSandbox(
          port,
          log,
          { app_secret: relay.appSecret, verify_token: relay.verifyToken },
          options,
        ),
    })
    cleanups.push(() => test.stop())
    const { core } = test
    expect(core.relayUrl).toBe(relay.url)
    expect(existsSync(join(test.dataDir, 'relay'))).toBe(false)
    const secrets = await core.router.dispatch('secrets:status', undefined, web)
    expect(secrets.ok && secrets.value).toContainEqual(
      expect.objectContaining({ name: 'relay-token', configured: true }),
    )

    const wamid = await sandboxCustomerWrites({
      url: core.info().sandboxUrl!,
      controlToken: core.sandboxControlToken!,
    })
    await eventually(
      () => appliedBodies(test.dataDir).some((body) => body.includes(wamid)),
      'the customer message via RELAY_URL',
    )
    expect(await status(test)).toMatchObject({
      relay: 'remote',
      relayUrl: relay.url,
      state: 'connected',
      error: null,
    })
  })

  it('live mode without RELAY_URL: no relay, and the status says how to get one', async () => {
    const test = await startTestCore({
      env: {
        WAPC_MODE: 'live',
        FACEBOOK_APP_ID: '1234567890',
        FACEBOOK_APP_SECRET: 'live-app-secret-0123456789abcdef',
      },
    })
    cleanups.push(() => test.stop())
    expect(test.core.relayUrl).toBeNull()
    const off = await status(test)
    expect(off).toMatchObject({ relay: 'none', state: 'off', error: { fix: expect.any(String) } })
    expect(off.error!.fix).toContain('RELAY_URL')
    const resync = await test.core.router.dispatch(
      'tunnel:resync',
      { since: new Date(Date.now() - 3600_000).toISOString() },
      web,
    )
    expect(resync).toMatchObject({ ok: false, error: { code: 'CONFIG' } })
  })

  it('re-sync from a date: validated, audited, and nothing is applied twice', async () => {
    const test = await startTestCore()
    cleanups.push(() => test.stop())
    const { core } = test
    const sandbox = { url: core.info().sandboxUrl!, controlToken: core.sandboxControlToken! }
    const wamid = await sandboxCustomerWrites(sandbox)
    await eventually(
      () => appliedBodies(test.dataDir).some((body) => body.includes(wamid)),
      'the first event',
    )
    const before = appliedBodies(test.dataDir).length

    const future = await core.router.dispatch(
      'tunnel:resync',
      { since: new Date(Date.now() + 86_400_000).toISOString() },
      web,
    )
    expect(future).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })

    const since = new Date(Date.now() - 3600_000).toISOString()
    const pushed: TunnelStatus[] = []
    const batches: TunnelEventsApplied[] = []
    core.events.subscribe((event, payload) => {
      if (event === 'tunnel:state-changed') pushed.push(payload as TunnelStatus)
      if (event === 'tunnel:events-applied') batches.push(payload as TunnelEventsApplied)
    })
    const accepted = await core.router.dispatch('tunnel:resync', { since }, web)
    expect(accepted).toMatchObject({ ok: true, value: { resyncSince: since } })
    await eventually(
      () => pushed.some((s) => s.state === 'connected' && s.resyncSince === null),
      'the replay to finish',
    )
    // Every event applied before was sent again and skipped; only new ones (if any) were added.
    const sum = (key: 'recorded' | 'alreadyApplied') => batches.reduce((n, b) => n + b[key], 0)
    expect(sum('alreadyApplied')).toBeGreaterThanOrEqual(before)
    expect(appliedBodies(test.dataDir)).toHaveLength(before + sum('recorded'))
    expect(auditActions(test.dataDir)).toContainEqual(
      expect.objectContaining({ action: 'tunnel.resync', actor: 'user:web', subject: 'embedded' }),
    )
  })
})
