import { join } from 'node:path'
import keytar from 'keytar'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelName } from '@shared/contract'
import type { ClientRow, SignupLaunch, SignupSession } from '@shared/contract/onboarding'
import type { TunnelStatus } from '@shared/contract/tunnel'
import { SIGNUP_RESULT_PATH } from '@shared/relay/protocol'
import { LAUNCHER_PATH } from '@shared/signup/launcher-protocol'
import { createCore, type Core } from '../core'
import { startEmbeddedSandbox, type EmbeddedSandbox } from '../embedded/start-sandbox'
import { createLogger } from '../logger'
import { FAST_RETRY } from '../test-support/graph-harness'
import { requireKeychain } from '../test-support/keychain'
import { FAST_TIMINGS, type SandboxSignup } from '../test-support/onboarding-harness'
import { sandboxControl } from '../test-support/sandbox-control'
import { tempDir } from '../test-support/temp-dir'
import { startTestRelay, type TestRelay } from '../test-support/webhook-relay-harness'

const SIGNUP_ORIGIN = 'https://relay.partner.example'
const CONFIG_ID = '2000000000000002'

interface Desktop {
  core: Core
  service: string
  dir: ReturnType<typeof tempDir>
  call(channel: ChannelName, input?: unknown): ReturnType<Core['router']['dispatch']>
  ok<T>(channel: ChannelName, input?: unknown): Promise<T>
}

/**
 * Live mode's Embedded Signup through the relay, end to end: two live-mode cores (the embedded
 * sandbox standing in for Meta's Graph API, at GRAPH_BASE_URL) on one real relay at SIGNUP_ORIGIN.
 * The launcher page's POST to the relay reaches only the desktop that began the attempt, which
 * exchanges the code and onboards the client.
 */
describe('live-mode Embedded Signup through the relay × sandbox', () => {
  let sandbox: EmbeddedSandbox
  let relay: TestRelay
  let relayDir: ReturnType<typeof tempDir>
  let relayClosed = false
  const desktops: Desktop[] = []

  async function startDesktop(name: string): Promise<Desktop> {
    const dir = tempDir(`wapc-relay-signup-${name}-`)
    const service = `wapc-rsu-${name}-${process.pid}-${Math.random().toString(36).slice(2)}`
    const c = sandbox.credentials
    const core = await createCore({
      runtime: 'node',
      defaultDataDir: dir.path,
      cwd: dir.path,
      log: createLogger({ level: 'debug', console: false, file: join(dir.path, 'wapc.log') }),
      env: {
        WAPC_DATA_DIR: dir.path,
        WAPC_KEYCHAIN_SERVICE: service,
        WAPC_MODE: 'live',
        GRAPH_BASE_URL: sandbox.url,
        FACEBOOK_APP_ID: c.appId,
        FACEBOOK_APP_SECRET: c.appSecret,
        FACEBOOK_SYSTEM_USER_TOKEN: c.systemUserToken,
        FACEBOOK_BUSINESS_ID: c.businessId,
        FACEBOOK_CREDIT_LINE_ID: c.creditLineId,
        FACEBOOK_CONFIG_ID: CONFIG_ID,
        WEBHOOK_VERIFY_TOKEN: relay.verifyToken,
        RELAY_URL: relay.url,
        RELAY_TOKEN: relay.desktopToken,
        SIGNUP_ORIGIN,
      },
      onboardingTimings: FAST_TIMINGS,
      graphOptions: { timeoutMs: 2_000, retry: FAST_RETRY },
    })
    const call = (channel: ChannelName, input?: unknown) =>
      core.router.dispatch(channel, input, { transport: 'web' })
    const desktop: Desktop = {
      core,
      service,
      dir,
      call,
      async ok<T>(channel: ChannelName, input?: unknown) {
        const result = await call(channel, input)
        if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`)
        return result.value as T
      },
    }
    desktops.push(desktop)
    return desktop
  }

  const tunnelState = async (d: Desktop) => (await d.ok<TunnelStatus>('tunnel:status')).state
  const connected = (d: Desktop) =>
    poll(async () => (await tunnelState(d)) === 'connected', 'the desktop on the relay')
  /** What the launcher page POSTs to the relay (same origin: the browser sends Origin). */
  const postResult = async (body: unknown, origin = SIGNUP_ORIGIN) => {
    const response = await request(relay.url + SIGNUP_RESULT_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(body),
    })
    const text = await response.body.text()
    const json = response.headers['content-type']?.toString().includes('json')
    return { status: response.statusCode, body: json ? (JSON.parse(text) as unknown) : text }
  }
  const launcherResult = (state: string, signup: SandboxSignup) => ({
    state,
    code: signup.code,
    // Meta posts the message events as JSON strings; the launcher keeps them as received.
    events: signup.events.map((event) => JSON.stringify(event)),
  })

  let first: Desktop
  let second: Desktop

  beforeAll(async () => {
    await requireKeychain()
    const log = createLogger({ level: 'error', console: false })
    sandbox = await startEmbeddedSandbox(undefined, log, { time_scale: 0.001 })
    relayDir = tempDir('wapc-relay-signup-relay-')
    relay = await startTestRelay(relayDir.path, {
      appSecret: sandbox.credentials.appSecret,
      signupOrigin: SIGNUP_ORIGIN,
    })
    first = await startDesktop('first')
    second = await startDesktop('second')
    await connected(first)
    await connected(second)
  })
  afterAll(async () => {
    for (const d of desktops) {
      await d.core.close()
      for (const credential of await keytar.findCredentials(d.service))
        await keytar.deletePassword(d.service, credential.account)
      d.dir.cleanup()
    }
    if (!relayClosed) await relay?.close()
    relayDir?.cleanup()
    await sandbox?.close()
  })

  it('the relay routes the launcher’s result to the desktop that began it, which onboards the client', async () => {
    const launch = await first.ok<SignupLaunch>('onboarding:begin-signup', {})
    expect(launch).toMatchObject({ mode: 'live', launcherOrigin: SIGNUP_ORIGIN })
    const url = new URL(launch.launcherUrl)
    expect(url.origin + url.pathname).toBe(SIGNUP_ORIGIN + LAUNCHER_PATH)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: launch.sessionId,
      app_id: sandbox.credentials.appId,
      config_id: CONFIG_ID,
      version: launch.graphApiVersion,
    })

    const signup = await sandboxControl(sandbox)<SandboxSignup>('POST', 'signups', {
      business_name: 'Relay Signup Bakery',
    })
    const posted = await postResult(launcherResult(launch.sessionId, signup))
    expect(posted).toEqual({ status: 200, body: { status: 'delivered' } })

    let row: ClientRow | undefined
    await poll(async () => {
      row = (await first.ok<ClientRow[]>('clients:list', {})).find(
        (c) => c.wabaId === signup.waba_id,
      )
      return row?.state === 'onboarded'
    }, 'the client onboarded on the first desktop')
    expect(row).toMatchObject({ phoneNumberId: signup.phone_number_id, state: 'onboarded' })
    const sessions = await first.ok<SignupSession[]>('onboarding:sessions', {})
    expect(sessions.find((s) => s.id === launch.sessionId)).toMatchObject({ status: 'started' })

    // The other desktop on the same relay heard nothing of it.
    expect(await second.ok<ClientRow[]>('clients:list', {})).toEqual([])
    expect(await second.ok<SignupSession[]>('onboarding:sessions', {})).toEqual([])

    // A state works once: the same result again is refused, and nothing changes.
    expect(await postResult(launcherResult(launch.sessionId, signup))).toMatchObject({
      status: 404,
    })
  })

  it('refuses an unknown state and a foreign origin; another desktop’s attempt goes to that desktop only', async () => {
    const unknown = await postResult({ state: 'f'.repeat(36), code: 'AQB-guess', events: [] })
    expect(unknown.status).toBe(404)

    const theirs = await second.ok<SignupLaunch>('onboarding:begin-signup', {})
    const cancelled = { state: theirs.sessionId, code: null, events: [] }
    expect((await postResult(cancelled, 'https://evil.example')).status).toBe(403)
    expect(await postResult(cancelled)).toEqual({ status: 200, body: { status: 'delivered' } })
    await poll(
      async () =>
        (await second.ok<SignupSession[]>('onboarding:sessions', {})).find(
          (s) => s.id === theirs.sessionId,
        )?.status === 'cancelled',
      'the second desktop recording the cancel',
    )
    const firstSessions = await first.ok<SignupSession[]>('onboarding:sessions', {})
    expect(firstSessions.map((s) => s.id)).not.toContain(theirs.sessionId)
  })

  it('without a relay connection, begin-signup says so and how to fix it, and records nothing', async () => {
    const before = (await first.ok<SignupSession[]>('onboarding:sessions', {})).length
    await relay.close()
    relayClosed = true
    await poll(async () => (await tunnelState(first)) !== 'connected', 'the tunnel to drop')
    const refused = await first.call('onboarding:begin-signup', {})
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringContaining('not connected to the relay'),
        fix: expect.stringContaining('RELAY_URL'),
      },
    })
    expect(await first.ok<SignupSession[]>('onboarding:sessions', {})).toHaveLength(before)
  })
})

async function poll(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
