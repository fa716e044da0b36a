import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientDetail, SubmitSignupOutput } from '@shared/contract/onboarding'
import { businessTokenAccount, pinAccount } from '../secrets/secret-store'
import { startOnboardingHarness, type OnboardingHarness } from '../test-support/onboarding-harness'

const onboarded = (c: ClientDetail) => c.state === 'onboarded'

describe('onboarding × sandbox: the pipeline', () => {
  let h: OnboardingHarness
  beforeAll(async () => (h = await startOnboardingHarness()))
  afterAll(async () => h?.stop())

  it('onboards a client end to end: token and PIN in the keychain, never on disk', async () => {
    const result = await h.signup({ business_name: 'Jaspers Market', phone: '+1 555 0100 123' })
    const submitted = await h.submit(result)
    expect(submitted.ok).toBe(true)
    const started = (submitted as { value: SubmitSignupOutput }).value
    expect(started.outcome).toBe('started')
    const clientId = started.outcome === 'started' ? started.client.id : ''
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
    const state = await h.control<{ wabas: unknown[] }>('GET', 'state')
    expect(JSON.stringify(state)).toContain(result.waba_id)
  })
})
