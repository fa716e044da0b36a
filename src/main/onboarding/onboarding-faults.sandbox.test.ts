import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ClientDetail, OnboardingStep } from '@shared/contract/onboarding'
import { businessTokenAccount, pinAccount } from '../secrets/secret-store'
import { DATABASE_FILE } from '../store/database'
import {
  startedId,
  startOnboardingHarness,
  type OnboardingHarness,
} from '../test-support/onboarding-harness'

const onboarded = (c: ClientDetail) => c.state === 'onboarded'
const step = (c: ClientDetail, name: OnboardingStep) => c.steps.find((s) => s.step === name)!

interface SandboxState {
  phones: { id: string; registered: boolean; registration_requests: unknown[] }[]
  subscriptions: { waba_id: string; override_callback_uri: string | null }[]
  credit_allocations: { waba_id: string; request_status: string }[]
}

describe('onboarding × sandbox faults', () => {
  let h: OnboardingHarness
  beforeAll(
    async () =>
      (h = await startOnboardingHarness({
        // Enough automatic retries that a fault cleared after the first failure is outlived.
        timings: {
          stepRetry: { maxAttempts: 200, baseDelayMs: 20, maxDelayMs: 100, budgetMs: Infinity },
        },
      })),
  )
  afterAll(async () => h?.stop())
  afterEach(async () => {
    await h.control('DELETE', 'faults')
  })

  /** Exactly one subscription, one active allocation and one registration request for the client. */
  async function expectExactlyOnce(client: ClientDetail, registrations = 1) {
    const state = await h.control<SandboxState>('GET', 'state')
    expect(state.subscriptions.filter((s) => s.waba_id === client.wabaId)).toHaveLength(1)
    expect(state.credit_allocations.filter((a) => a.waba_id === client.wabaId)).toHaveLength(1)
    const phone = state.phones.find((p) => p.id === client.phoneNumberId)!
    expect(phone.registered).toBe(true)
    expect(phone.registration_requests).toHaveLength(registrations)
  }

  /** Leaves a step as a crash during its call would: running, with the client still onboarding. */
  function markRunning(clientId: string, name: OnboardingStep) {
    const db = new Database(join(h.dataDir, DATABASE_FILE))
    db.prepare(
      "UPDATE onboarding_steps SET status = 'running', next_attempt_at = NULL WHERE client_id = ? AND step = ?",
    ).run(clientId, name)
    db.prepare("UPDATE clients SET state = 'onboarding' WHERE id = ?").run(clientId)
    db.close()
  }

  const cases: [string, string, OnboardingStep][] = [
    ['server_error', 'subscribed_apps', 'subscribe_webhooks'],
    ['timeout', 'subscribed_apps', 'subscribe_webhooks'],
    ['token_expired', 'subscribed_apps', 'subscribe_webhooks'],
    ['unavailable', 'credit_sharing', 'share_credit_line'],
    ['timeout', 'credit_sharing', 'share_credit_line'],
    ['token_expired', 'credit_sharing', 'share_credit_line'],
    ['server_error', 'register', 'register_phone'],
    ['timeout', 'register', 'register_phone'],
    ['token_expired', 'register', 'register_phone'],
  ]
  it.each(cases)(
    'recovers from %s on %s (%s), making each change once',
    async (kind, endpoint, name) => {
      await h.control('POST', 'faults', { rate: 1, kinds: [kind], endpoints: [endpoint], seed: 7 })
      const result = await h.signup({ business_name: `Fault ${kind} ${endpoint}` })
      const clientId = startedId(await h.submit(result))
      const failing = await h.waitFor(clientId, (c) => step(c, name).lastError !== null)
      expect(step(failing, name).status).not.toBe('done')
      await h.control('DELETE', 'faults')
      const client = await h.waitFor(clientId, onboarded)
      expect(step(client, name).attempts).toBeGreaterThan(1)
      expect(client.paused).toBe(false)
      await expectExactlyOnce(client)
    },
  )

  it('resumes after a restart at the first unfinished step and never repeats a finished one', async () => {
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['credit_sharing'],
      seed: 1,
    })
    const result = await h.signup({ business_name: 'Restart Co' })
    const clientId = startedId(await h.submit(result))
    await h.waitFor(clientId, (c) => step(c, 'share_credit_line').lastError !== null)
    await h.restart()
    await h.waitFor(clientId, (c) => step(c, 'share_credit_line').attempts > 1)
    const system = (await h.secret('system-user-token'))!
    await h.stopCore()
    // What a crash during the share leaves behind: the step marked running, and Meta having
    // attached the line although the answer never arrived.
    await h.control('DELETE', 'faults')
    const credit = h.sandbox.credentials.creditLineId
    const shared = await request(
      `${h.sandbox.url}/v25.0/${credit}/whatsapp_credit_sharing_and_attach?waba_currency=USD&waba_id=${result.waba_id}`,
      { method: 'POST', headers: { authorization: `Bearer ${system}` } },
    )
    expect(shared.statusCode).toBe(200)
    await shared.body.dump()
    markRunning(clientId, 'share_credit_line')
    await h.startCore()
    const client = await h.waitFor(clientId, onboarded)
    expect(step(client, 'subscribe_webhooks').attempts).toBe(1)
    expect(step(client, 'share_credit_line').message).toMatch(/Already shared/)
    await expectExactlyOnce(client)
  })

  it('picks up a step a crash left running, checking Meta before acting', async () => {
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['register'],
      seed: 3,
    })
    const result = await h.signup({ business_name: 'Crash Co' })
    const clientId = startedId(await h.submit(result))
    await h.waitFor(clientId, (c) => step(c, 'register_phone').lastError !== null)
    const token = (await h.secret(businessTokenAccount(result.waba_id!)))!
    const pin = (await h.secret(pinAccount(result.phone_number_id!)))!
    await h.stopCore()
    await h.control('DELETE', 'faults')
    // The register call went through at Meta, then the process died before recording it.
    const registered = await request(`${h.sandbox.url}/v25.0/${result.phone_number_id}/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', pin }),
    })
    expect(registered.statusCode).toBe(200)
    await registered.body.dump()
    markRunning(clientId, 'register_phone')
    await h.startCore()
    const client = await h.waitFor(clientId, onboarded)
    expect(step(client, 'register_phone').message).toMatch(/verified/)
    await expectExactlyOnce(client)
  })

  it('waits for the client’s existing two-step PIN (133005) and registers with the one staff enter', async () => {
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['register'],
      seed: 5,
    })
    const result = await h.signup({ business_name: 'Pin Co' })
    const clientId = startedId(await h.submit(result))
    await h.waitFor(clientId, (c) => step(c, 'register_phone').lastError !== null)
    // The client had turned on two-step verification with their own PIN.
    const token = (await h.secret(businessTokenAccount(result.waba_id!)))!
    const set = await request(`${h.sandbox.url}/v25.0/${result.phone_number_id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '482915' }),
    })
    expect(set.statusCode).toBe(200)
    await set.body.dump()
    await h.control('DELETE', 'faults')
    const waiting = await h.waitFor(clientId, (c) => step(c, 'register_phone').status === 'waiting')
    expect(step(waiting, 'register_phone')).toMatchObject({
      lastError: { graphCode: 133005 },
      message: expect.stringMatching(/two-step verification PIN/),
    })
    expect(waiting.actions.setPin).toBe(true)
    expect((await h.call('onboarding:set-pin', { clientId, pin: '12345' })).ok).toBe(false)
    await h.ok('onboarding:set-pin', { clientId, pin: '482915' })
    const client = await h.waitFor(clientId, onboarded)
    expect(client.pin).toEqual({ configured: true, source: 'staff' })
    expect(await h.secret(pinAccount(result.phone_number_id!))).toBe('482915')
  })

  it('waits out Meta’s 10 registrations per 72 hours (133016), then registers once', async () => {
    // Another signup of the same business: its token also reaches this WABA's number.
    const first = await h.signup({ business_name: 'Busy Co' })
    const other = await h.signup({ business_name: 'Busy Co' })
    const exchange = await request(
      `${h.sandbox.url}/v25.0/oauth/access_token?client_id=${h.sandbox.credentials.appId}&client_secret=${h.sandbox.credentials.appSecret}&code=${first.code}`,
    )
    const { access_token: token } = (await exchange.body.json()) as { access_token: string }
    for (let i = 0; i < 10; i++) {
      const path = i % 2 === 0 ? 'register' : 'deregister'
      const res = await request(`${h.sandbox.url}/v25.0/${other.phone_number_id}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', pin: '246810' }),
      })
      expect(res.statusCode).toBe(200)
      await res.body.dump()
    }
    const clientId = startedId(await h.submit(other))
    const waiting = await h.waitFor(clientId, (c) => step(c, 'register_phone').status === 'waiting')
    const register = step(waiting, 'register_phone')
    expect(register.lastError?.graphCode).toBe(133016)
    expect(register.message).toMatch(/10 register\/deregister requests per number in 72 hours/)
    expect(Date.parse(register.nextAttemptAt!) - Date.now()).toBeGreaterThan(71 * 3600_000)
    await h.control('POST', 'clock', { advance_seconds: 72 * 3600 + 60 })
    // The earlier PIN is the number's two-step PIN now: staff enter it, which also retries.
    await h.ok('onboarding:set-pin', { clientId, pin: '246810' })
    const client = await h.waitFor(clientId, onboarded)
    // The moving 72-hour window now holds only the pipeline's own request.
    await expectExactlyOnce(client)
  })

  it('points the WABA at the relay with an override only after a plain subscription (#100 trap)', async () => {
    const verifyToken = 'relay-verify-token-123'
    const relay: Server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const ok = url.searchParams.get('hub.verify_token') === verifyToken
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' })
      res.end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'no')
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`
    const keytar = (await import('keytar')).default
    await keytar.setPassword(h.keychainService, 'webhook-verify-token', verifyToken)
    await h.ok('settings:set', { key: 'relayUrl', value: relayUrl })
    try {
      const result = await h.signup({ business_name: 'Relay Co' })
      const clientId = startedId(await h.submit(result))
      const client = await h.waitFor(clientId, onboarded)
      expect(client.subscription?.overrideCallbackUri).toBe(`${relayUrl}/webhooks/whatsapp`)
      expect(step(client, 'subscribe_webhooks').attempts).toBe(1)
      const state = await h.control<SandboxState>('GET', 'state')
      expect(state.subscriptions.filter((s) => s.waba_id === result.waba_id)).toEqual([
        expect.objectContaining({ override_callback_uri: `${relayUrl}/webhooks/whatsapp` }),
      ])
    } finally {
      await h.ok('settings:set', { key: 'relayUrl', value: null })
      await keytar.deletePassword(h.keychainService, 'webhook-verify-token')
      relay.closeAllConnections()
      await new Promise<void>((resolve) => relay.close(() => resolve()))
    }
  })
})
