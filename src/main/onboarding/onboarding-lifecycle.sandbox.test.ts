import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientDetail } from '@shared/contract/onboarding'
import { businessTokenAccount, pinAccount } from '../secrets/secret-store'
import {
  startedId,
  startOnboardingHarness,
  type OnboardingHarness,
} from '../test-support/onboarding-harness'

const onboarded = (c: ClientDetail) => c.state === 'onboarded'

interface HealthResult {
  clientId: string
  token: { status: string; expiresAt: string | null }
  phone: { qualityRating: string | null; messagingLimitTier: string | null } | null
  paused: boolean
  warnings: string[]
}

interface SandboxState {
  phones: { id: string; registered: boolean }[]
  subscriptions: { waba_id: string }[]
  credit_allocations: { id: string; waba_id: string; request_status: string }[]
}

describe('onboarding × sandbox: health, re-authorization and offboarding', () => {
  let h: OnboardingHarness
  // Business tokens live 3 days here: within the 7-day warning.
  beforeAll(
    async () => (h = await startOnboardingHarness({ seed: { token_expires_in: 3 * 86_400 } })),
  )
  afterAll(async () => h?.stop())

  it('warns about a token expiring within 7 days and reports the phone’s health', async () => {
    const result = await h.signup({ business_name: 'Health Co' })
    const clientId = startedId(await h.submit(result))
    await h.waitFor(clientId, onboarded)
    const [health] = await h.ok<HealthResult[]>('clients:check-health', { clientId })
    expect(health).toMatchObject({
      clientId,
      paused: false,
      token: { status: 'expiring', expiresAt: expect.any(String) },
      phone: { qualityRating: expect.any(String), messagingLimitTier: expect.any(String) },
    })
    expect(health!.warnings.join(' ')).toMatch(/expires .* re-authorize/)
    const detail = await h.ok<ClientDetail>('clients:get', { clientId })
    expect(detail.token.status).toBe('expiring')
    expect(detail.phone).toMatchObject({ throughputLevel: expect.any(String), status: 'CONNECTED' })
    expect(detail.history.map((e) => e.action)).toContain('clients.check-health')
  })

  it('pauses a client whose token was revoked and resumes it once re-authorized', async () => {
    const result = await h.signup({ business_name: 'Revoked Co' })
    const clientId = startedId(await h.submit(result))
    await h.waitFor(clientId, onboarded)
    const old = (await h.secret(businessTokenAccount(result.waba_id!)))!
    await h.control('POST', 'tokens/revoke', { access_token: old })
    const [health] = await h.ok<HealthResult[]>('clients:check-health', { clientId })
    expect(health).toMatchObject({ paused: true, token: { status: 'invalid' } })
    const paused = await h.ok<ClientDetail>('clients:get', { clientId })
    expect(paused).toMatchObject({ paused: true, actions: { reauthorize: true } })

    // Re-authorize: signup again for this client; the client picks the same WABA (the sandbox
    // makes a new one per signup, so the finish event names the existing WABA as Meta's would).
    const again = await h.signup({ business_name: 'Revoked Co' })
    const finish = again.events.map((e) => ({
      ...e,
      data: {
        ...(e.data as object),
        waba_id: result.waba_id,
        phone_number_id: result.phone_number_id,
      },
    }))
    const outcome = await h.submit({ ...again, events: finish }, { clientId })
    expect(startedId(outcome)).toBe(clientId)
    const fresh = await h.secret(businessTokenAccount(result.waba_id!))
    expect(fresh).not.toBe(old)
    const [after] = await h.ok<HealthResult[]>('clients:check-health', { clientId })
    expect(after).toMatchObject({ paused: false })
    const resumed = await h.ok<ClientDetail>('clients:get', { clientId })
    expect(resumed).toMatchObject({ state: 'onboarded', paused: false })
    expect(resumed.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['clients.paused', 'onboarding.reauthorized', 'clients.resumed']),
    )
  })

  it('offboards: unsubscribes, revokes the credit allocation, deregisters, deletes secrets, keeps history', async () => {
    const result = await h.signup({ business_name: 'Leaving Co' })
    const clientId = startedId(await h.submit(result))
    const client = await h.waitFor(clientId, onboarded)
    const allocationId = client.creditAllocation!.allocationConfigId
    const done = await h.ok<ClientDetail>('clients:offboard', { clientId })
    expect(done).toMatchObject({
      state: 'offboarded',
      offboardedAt: expect.any(String),
      creditAllocation: { revoked: true },
      offboarding: { finishedAt: expect.any(String) },
      actions: { offboard: false, retry: false },
    })
    expect(done.offboarding!.steps.map((s) => [s.step, s.status])).toEqual([
      ['unsubscribe_webhooks', 'done'],
      ['revoke_credit_line', 'done'],
      ['deregister_phone', 'done'],
      ['delete_secrets', 'done'],
    ])
    const state = await h.control<SandboxState>('GET', 'state')
    expect(state.subscriptions.filter((s) => s.waba_id === result.waba_id)).toEqual([])
    expect(state.credit_allocations.find((a) => a.id === allocationId)?.request_status).toBe(
      'DELETED',
    )
    expect(state.phones.find((p) => p.id === result.phone_number_id)?.registered).toBe(false)
    expect(await h.secret(businessTokenAccount(result.waba_id!))).toBeNull()
    expect(await h.secret(pinAccount(result.phone_number_id!))).toBeNull()
    expect(done.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['onboarding.completed', 'clients.offboard']),
    )
    expect(await h.ok('clients:list', { state: 'offboarded' })).toEqual([
      expect.objectContaining({ id: clientId }),
    ])
  })
})
