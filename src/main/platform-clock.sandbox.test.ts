import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppErrorData, OutboxEntry } from '@shared/contract'
import { startSendingHarness, type SendingHarness } from './test-support/sending-harness'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * Sandbox mode has one clock: the embedded sandbox's virtual one. When `POST /_sandbox/clock`
 * moves it, the core decides by it too (the 24-hour window, token expiry) and tells renderers.
 * Real HTTP against the embedded sandbox; the outbox keeps the core's own clock (no `now` given).
 */
describe('the platform clock in sandbox mode', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    // Business tokens expire 30 days after the code exchange, on the sandbox's clock.
    h = await startSendingHarness({ seed: { token_expires_in: 30 * 24 * 3600 } })
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  it('refuses a free-form reply before Meta once the sandbox clock is 25 h on, and says so to renderers', async () => {
    const customer = '15550003001'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    expect(h.core.info().platformClockOffsetMs).toBe(0)

    await h.control('POST', 'clock', { advance_seconds: 25 * 3600 })

    expect(h.core.info().platformClockOffsetMs).toBe(25 * HOUR)
    expect(h.events('app:clock-changed')).toEqual([{ offsetMs: 25 * HOUR }])
    const result = await h.call('messages:send', {
      idempotencyKey: crypto.randomUUID(),
      conversationId,
      content: { type: 'text', body: 'Sorry for the wait' },
    })
    expect(result.ok).toBe(false)
    const error = (result as { error: AppErrorData }).error
    expect(error).toMatchObject({ code: 'CONFLICT', details: { graphCode: 131047 } })
    // Nothing was queued, and nothing reached the customer's phone.
    expect((await h.ok<{ items: OutboxEntry[] }>('outbox:list', { conversationId })).items).toEqual(
      [],
    )
    expect(await h.customerView(customer, client.phoneNumberId)).toEqual([])

    // The customer writes again (on the sandbox's clock): the window is open from then on.
    await h.customerWrites(client.phoneNumberId, customer, {
      type: 'text',
      text: { body: 'Hello again' },
    })
    const sent = await h.send({ conversationId, content: { type: 'text', body: 'Welcome back' } })
    const entry = await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    expect((await h.customerView(customer, client.phoneNumberId)).map((m) => m.id)).toEqual([
      entry.wamid,
    ])
  })

  it('warns of a business token expiring within a week on the sandbox’s clock', async () => {
    const health = async () =>
      (
        await h.ok<{ token: { status: string; expiresAt: string | null } }[]>(
          'clients:check-health',
          { clientId: client.clientId },
        )
      )[0]!
    expect((await health()).token.status).toBe('valid')
    // 30 days from the exchange, 25 h of them gone above: 24 more leave under 5 days.
    await h.control('POST', 'clock', { advance_seconds: 24 * 24 * 3600 })
    const checked = await health()
    expect(checked.token).toMatchObject({ status: 'expiring' })
    expect(Date.parse(checked.token.expiresAt!) - Date.now()).toBeGreaterThan(20 * DAY)
    expect(h.core.info().platformClockOffsetMs).toBe(25 * HOUR + 24 * DAY)
  })
})
