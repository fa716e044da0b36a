import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientDetail, OnboardingStep } from '@shared/contract/onboarding'
import {
  startedId,
  startOnboardingHarness,
  type OnboardingHarness,
  type SandboxSignup,
} from '../test-support/onboarding-harness'

/**
 * The finishes other than FINISH, against the sandbox: a WABA whose number is added later
 * (FINISH_ONLY_WABA) and a WhatsApp Business app number (coexistence).
 */
const onboarded = (c: ClientDetail) => c.state === 'onboarded'
const step = (c: ClientDetail, name: OnboardingStep) => c.steps.find((s) => s.step === name)!

interface SandboxPhones {
  phones: {
    id: string
    waba_id: string
    registered: boolean
    registration_requests: unknown[]
    smb_app_data: { sync_type: string }[]
  }[]
}

async function phoneOf(h: OnboardingHarness, id: string) {
  return (await h.control<SandboxPhones>('GET', 'state')).phones.find((p) => p.id === id)!
}

/** A FINISH_ONLY_WABA client submitted and waiting for its number. */
async function waitingForPhone(h: OnboardingHarness, name: string) {
  const result = await h.signup({ business_name: name, outcome: 'finish_only_waba' })
  const clientId = startedId(await h.submit(result))
  await h.waitFor(clientId, (c) => c.state === 'waiting_for_phone')
  return { result, clientId }
}

/** The client adds a number to its WABA in WhatsApp Manager. */
const addPhone = (h: OnboardingHarness, wabaId: string, phone: string) =>
  h.control<{ id: string; display_phone_number: string }>('POST', `wabas/${wabaId}/phone_numbers`, {
    phone,
  })

async function expectRegisteredOnce(h: OnboardingHarness, client: ClientDetail, phoneId: string) {
  expect(client).toMatchObject({ phoneNumberId: phoneId, signupFinish: 'FINISH_ONLY_WABA' })
  expect(step(client, 'register_phone').status).toBe('done')
  const phone = await phoneOf(h, phoneId)
  expect(phone).toMatchObject({ waba_id: client.wabaId, registered: true })
  expect(phone.registration_requests).toHaveLength(1)
}

describe('onboarding finishes × sandbox (default re-check timings)', () => {
  let h: OnboardingHarness
  beforeAll(async () => (h = await startOnboardingHarness()))
  afterAll(async () => h?.stop())

  it('FINISH_ONLY_WABA: a health check finds the number added later and registers it', async () => {
    const { result, clientId } = await waitingForPhone(h, 'Health Phone Co')
    const added = await addPhone(h, result.waba_id!, '+1 555 0142 001')
    await h.ok('clients:check-health', { clientId })
    const client = await h.waitFor(clientId, onboarded)
    await expectRegisteredOnce(h, client, added.id)
    expect(client.displayPhoneNumber).toBe(added.display_phone_number)
    expect(client.pin).toMatchObject({ configured: true, source: 'generated' })
  })

  it('coexistence: a sync whose answer was lost is not asked again (2593107 counts as done)', async () => {
    const result: SandboxSignup = await h.signup({
      business_name: 'Lost Answer Shop',
      outcome: 'finish_whatsapp_business_app_onboarding',
    })
    // The contacts sync went through at Meta, but its answer never reached the pipeline.
    const asked = await request(`${h.sandbox.url}/v25.0/${result.phone_number_id}/smb_app_data`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.sandbox.credentials.systemUserToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ messaging_product: 'whatsapp', sync_type: 'smb_app_state_sync' }),
    })
    expect(asked.statusCode).toBe(200)
    await asked.body.dump()
    const clientId = startedId(await h.submit(result))
    const client = await h.waitFor(clientId, onboarded)
    expect(step(client, 'sync_business_app')).toMatchObject({
      status: 'done',
      attempts: 1,
      lastError: null,
    })
    const phone = await phoneOf(h, result.phone_number_id!)
    expect(phone.smb_app_data.map((s) => s.sync_type)).toEqual(['smb_app_state_sync', 'history'])
    expect(phone.registration_requests).toEqual([])
  })

  // Last in this block: it moves the sandbox's clock a day ahead.
  it('coexistence: Meta’s 24-hour window closed (2593108) fails the step with Meta’s error', async () => {
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['smb_app_data'],
      seed: 11,
    })
    try {
      const result = await h.signup({
        business_name: 'Late Sync Shop',
        outcome: 'finish_whatsapp_business_app_onboarding',
      })
      const clientId = startedId(await h.submit(result))
      await h.waitFor(clientId, (c) => step(c, 'sync_business_app').lastError !== null)
      await h.control('POST', 'clock', { advance_seconds: 24 * 3600 + 60 })
      await h.control('DELETE', 'faults')
      // Retry now, whether the step still waits for its backoff or already ran out of attempts.
      await h.ok('onboarding:retry', { clientId })
      const failed = await h.waitFor(
        clientId,
        (c) => step(c, 'sync_business_app').lastError?.graphCode === 2593108,
      )
      expect(failed.state).toBe('failed')
      expect(step(failed, 'sync_business_app')).toMatchObject({
        status: 'failed',
        lastError: { graphCode: 2593108 },
      })
      expect((await phoneOf(h, result.phone_number_id!)).smb_app_data).toEqual([])
    } finally {
      await h.control('DELETE', 'faults')
    }
  })
})

describe('onboarding finishes × sandbox (a short phone re-check)', () => {
  let h: OnboardingHarness
  beforeAll(async () => (h = await startOnboardingHarness({ timings: { phoneRecheckMs: 100 } })))
  afterAll(async () => h?.stop())

  it('FINISH_ONLY_WABA: the periodic re-check picks up the number and the client is onboarded', async () => {
    const { result, clientId } = await waitingForPhone(h, 'Later Phone Co')
    const waiting = await h.waitFor(clientId, (c) => c.state === 'waiting_for_phone')
    expect(step(waiting, 'share_credit_line').status).toBe('done')
    const added = await addPhone(h, result.waba_id!, '+1 555 0142 002')
    const client = await h.waitFor(clientId, onboarded)
    await expectRegisteredOnce(h, client, added.id)
    const progress = h.events('onboarding:progress').filter((e) => e.clientId === clientId)
    expect(progress.at(-1)).toMatchObject({ state: 'onboarded' })
  })
})
