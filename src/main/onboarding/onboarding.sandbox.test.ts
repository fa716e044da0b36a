import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import keytar from 'keytar'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientDetail, SignupLaunch, SignupSession } from '@shared/contract/onboarding'
import { RESTART_SIGNUP_ACTION } from '@shared/contract/onboarding'
import { inspect } from '../inspect/inspect'
import { businessTokenAccount, pinAccount } from '../secrets/secret-store'
import {
  startedId,
  startOnboardingHarness,
  type OnboardingHarness,
} from '../test-support/onboarding-harness'

const onboarded = (c: ClientDetail) => c.state === 'onboarded'

describe('onboarding × sandbox', () => {
  let h: OnboardingHarness
  beforeAll(async () => (h = await startOnboardingHarness()))
  afterAll(async () => h?.stop())

  it('onboards a client end to end: token and PIN in the keychain, never on disk', async () => {
    const result = await h.signup({ business_name: 'Jaspers Market', phone: '+1 555 0100 123' })
    const clientId = startedId(await h.submit(result))
    const client = await h.waitFor(clientId, onboarded)
    expect(client).toMatchObject({
      wabaId: result.waba_id,
      phoneNumberId: result.phone_number_id,
      businessId: result.business_id,
      signupFinish: 'FINISH',
      paused: false,
      pin: { configured: true, source: 'generated' },
      subscription: { subscribed: true },
      creditAllocation: { verified: true, revoked: false },
    })
    expect(client.steps.map((s) => [s.step, s.status, s.attempts])).toEqual([
      ['exchange_code', 'done', 1],
      ['subscribe_webhooks', 'done', 1],
      ['share_credit_line', 'done', 1],
      ['register_phone', 'done', 1],
    ])
    const token = await h.secret(businessTokenAccount(result.waba_id!))
    const pin = await h.secret(pinAccount(result.phone_number_id!))
    expect(token).toMatch(/^EAA/)
    expect(pin).toMatch(/^\d{6}$/)
    const disk = h.diskText()
    // Booleans, so a failure does not print the whole database.
    expect(disk.includes(result.waba_id!)).toBe(true)
    expect(disk.includes('"event":"Onboarding completed"')).toBe(true)
    expect(disk.includes(token!)).toBe(false)
    expect(disk.includes(pin!)).toBe(false)
    expect(disk.includes(result.code!)).toBe(false)

    const progress = h.events('onboarding:progress').filter((e) => e.clientId === clientId)
    expect(progress.at(-1)).toMatchObject({ state: 'onboarded' })
    expect(progress.map((e) => `${e.step}:${e.status}`)).toEqual(
      expect.arrayContaining(['subscribe_webhooks:running', 'register_phone:done']),
    )
    expect(client.history.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'onboarding.signup-completed',
        'onboarding.subscribe_webhooks',
        'onboarding.share_credit_line',
        'onboarding.register_phone',
        'onboarding.completed',
      ]),
    )
    expect(await h.ok('clients:list', { query: 'jaspers' })).toEqual([
      expect.objectContaining({ id: clientId, name: expect.stringMatching(/Jaspers/) }),
    ])
    expect(await h.ok('clients:list', { query: result.waba_id })).toEqual([
      expect.objectContaining({ id: clientId, state: 'onboarded', currentStep: null }),
    ])
  })

  it('shows clients and their steps through npm run inspect, one JSON object per line', async () => {
    const rows = inspect({ dataDir: h.dataDir, entity: 'onboarding' })
    expect(rows[0]).toMatchObject({
      state: expect.any(String),
      steps: expect.arrayContaining([
        expect.objectContaining({ step: 'register_phone', attempts: expect.any(Number) }),
      ]),
    })
    const main = join(import.meta.dirname, '..', 'inspect', 'main.ts')
    for (const entity of ['clients', 'onboarding']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', main, entity, '--json'], {
        env: { ...process.env, WAPC_DATA_DIR: h.dataDir },
        encoding: 'utf8',
      })
      expect(run.status, run.stderr).toBe(0)
      const lines = run.stdout.trim().split('\n')
      for (const line of lines) {
        const row = JSON.parse(line) as Record<string, unknown>
        expect(Object.keys(row)).toEqual(
          expect.arrayContaining(['waba_id', 'phone_number_id', 'business_id', 'state', 'steps']),
        )
      }
    }
  })

  it('begins a signup on the sandbox’s launcher page and checks the console origin', async () => {
    const launch = await h.ok<SignupLaunch>('onboarding:begin-signup', {
      openerOrigin: 'http://127.0.0.1:5173',
    })
    const url = new URL(launch.launcherUrl)
    expect(url.origin + url.pathname).toBe(`${h.sandbox.url}/signup/launcher`)
    expect(url.searchParams.get('state')).toBe(launch.sessionId)
    expect(url.searchParams.get('opener')).toBe('http://127.0.0.1:5173')
    expect(launch).toMatchObject({
      launcherOrigin: h.sandbox.url,
      eventOrigins: [h.sandbox.url],
      appId: h.sandbox.credentials.appId,
      mode: 'sandbox',
      clientId: null,
    })
    for (const openerOrigin of ['https://evil.example', 'http://127.0.0.1:5173/path']) {
      expect(await h.call('onboarding:begin-signup', { openerOrigin })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      })
    }
    const page = await request(launch.launcherUrl)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-/)
    expect(await page.body.text()).toContain('Continue with Facebook')
  })

  it('refuses an expired code and a reused one with "run signup again"', async () => {
    const late = await h.signup({ business_name: 'Late Co' })
    await h.control('POST', 'clock', { advance_seconds: 31 })
    const expired = await h.submit(late)
    expect(expired).toMatchObject({
      ok: false,
      error: {
        retryable: false,
        details: { action: RESTART_SIGNUP_ACTION },
        fix: expect.stringMatching(/run Embedded Signup again/),
      },
    })
    expect(expired.ok ? '' : expired.error.message).toMatch(/expired or was already used/)

    const once = await h.signup({ business_name: 'Twice Co' })
    startedId(await h.submit(once))
    const reused = await h.submit(once)
    expect(reused).toMatchObject({
      ok: false,
      error: { details: { action: RESTART_SIGNUP_ACTION } },
    })

    const launch = await h.ok<{ sessionId: string }>('onboarding:begin-signup')
    const fresh = await h.signup({ business_name: 'Session Co' })
    const input = { sessionId: launch.sessionId, code: fresh.code, events: [] }
    const first = startedId(await h.call('onboarding:submit-signup', input))
    // The same result delivered again (live mode: by the launcher's window and by the relay)
    // answers with the client it started, and starts nothing new.
    expect(startedId(await h.call('onboarding:submit-signup', input))).toBe(first)
    const cancelled = await h.ok<{ sessionId: string }>('onboarding:begin-signup')
    const left = await h.signup({ outcome: 'cancel' })
    const cancel = {
      sessionId: cancelled.sessionId,
      code: left.code,
      events: left.events.map((event) => JSON.stringify(event)),
    }
    expect(await h.call('onboarding:submit-signup', cancel)).toMatchObject({ ok: true })
    expect(await h.call('onboarding:submit-signup', cancel)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/already used/) },
    })
  })

  it('records CANCEL with its current_step and the error form with its code and session', async () => {
    const cancel = await h.signup({ outcome: 'cancel', current_step: 'PHONE_NUMBER_VERIFICATION' })
    expect(await h.submit(cancel)).toMatchObject({
      ok: true,
      value: { outcome: 'cancelled', currentStep: 'PHONE_NUMBER_VERIFICATION' },
    })
    const error = await h.signup({ outcome: 'error' })
    const reported = await h.submit(error)
    expect(reported).toMatchObject({
      ok: true,
      value: {
        outcome: 'error',
        errorCode: '524126',
        errorMessage: expect.stringMatching(/verified name/),
      },
    })
    const sessions = await h.ok<SignupSession[]>('onboarding:sessions', { limit: 5 })
    expect(sessions[0]).toMatchObject({
      status: 'error',
      events: [
        {
          kind: 'error',
          event: 'CANCEL',
          errorCode: '524126',
          metaSessionId: expect.stringMatching(/^[0-9a-f]+$/),
        },
      ],
    })
    expect(sessions[1]).toMatchObject({
      status: 'cancelled',
      events: [{ kind: 'cancel', currentStep: 'PHONE_NUMBER_VERIFICATION' }],
    })
  })

  it('finds the WABA and number from debug_token when no session-info event arrived', async () => {
    const result = await h.signup({ business_name: 'Quiet Co' })
    const clientId = startedId(await h.submit({ ...result, events: [] }))
    const client = await h.waitFor(clientId, onboarded)
    expect(client).toMatchObject({
      wabaId: result.waba_id,
      phoneNumberId: result.phone_number_id,
    })
  })

  it('waits for a missing system user token, saying what to set, and continues once it is set', async () => {
    const saved = await h.secret('system-user-token')
    await keytar.deletePassword(h.keychainService, 'system-user-token')
    const result = await h.signup({ business_name: 'Patient Co' })
    const clientId = startedId(await h.submit(result))
    const waiting = await h.waitFor(clientId, (c) => c.state === 'waiting')
    const credit = waiting.steps.find((s) => s.step === 'share_credit_line')!
    expect(credit).toMatchObject({ status: 'waiting', nextAttemptAt: expect.any(String) })
    expect(credit.message).toMatch(/system user token.*Settings/)
    expect(waiting.actions.retry).toBe(true)
    await keytar.setPassword(h.keychainService, 'system-user-token', saved!)
    const done = await h.waitFor(clientId, onboarded)
    expect(done.steps.find((s) => s.step === 'share_credit_line')?.status).toBe('done')
  })

  it('finishes a WABA without a number as waiting for a phone (FINISH_ONLY_WABA)', async () => {
    const result = await h.signup({ business_name: 'Later Phone Co', outcome: 'finish_only_waba' })
    const clientId = startedId(await h.submit(result))
    const client = await h.waitFor(clientId, (c) => c.state === 'waiting_for_phone')
    expect(client).toMatchObject({ signupFinish: 'FINISH_ONLY_WABA', phoneNumberId: null })
    expect(client.steps.find((s) => s.step === 'register_phone')).toMatchObject({
      status: 'waiting',
      message: expect.stringMatching(/no phone number yet/),
    })
    expect(client.steps.find((s) => s.step === 'share_credit_line')?.status).toBe('done')
  })

  it('does not register a coexistence number (WhatsApp Business app) and asks for its sync once', async () => {
    const result = await h.signup({
      business_name: 'App Shop',
      outcome: 'finish_whatsapp_business_app_onboarding',
    })
    const clientId = startedId(await h.submit(result))
    const client = await h.waitFor(clientId, onboarded)
    expect(client.signupFinish).toBe('FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING')
    expect(client.steps.find((s) => s.step === 'register_phone')).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/WhatsApp Business app/),
    })
    expect(client.steps.find((s) => s.step === 'sync_business_app')).toMatchObject({
      status: 'done',
      attempts: 1,
    })
    const state = await h.control<{
      phones: {
        id: string
        registration_requests: unknown[]
        smb_app_data: { sync_type: string; request_id: string }[]
      }[]
    }>('GET', 'state')
    const phone = state.phones.find((p) => p.id === result.phone_number_id)
    expect(phone?.registration_requests).toEqual([])
    // Each sync asked for exactly once (Meta accepts each only once per onboarding).
    expect(phone?.smb_app_data.map((s) => s.sync_type)).toEqual(['smb_app_state_sync', 'history'])
  })
})
