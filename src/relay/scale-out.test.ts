import { describe, expect, it } from 'vitest'
import { SIGNUP_RESULT_PATH } from '@shared/relay/protocol'
import { send } from '@server-kit/testing/http'
import { postWebhook } from '@server-kit/testing/webhook-body'
import { APP_SECRET, DESKTOP_TOKEN, useBackends } from './testing/backends'
import { TestDesktop } from './testing/desktop'
import { webhookBody } from './testing/webhook-body'

const backends = useBackends()

describe('several relay instances on one Redis (behind a load balancer)', () => {
  it('share one log: events posted to either instance reach desktops on both, in one order', async () => {
    const storage = backends.storage('redis')
    const [one, two] = await Promise.all([
      backends.start('redis', { storage }),
      backends.start('redis', { storage }),
    ])
    expect(one!.log.logId).toBe(two!.log.logId)
    const onOne = await TestDesktop.connect(one!.url, { token: DESKTOP_TOKEN, desktopId: 'desk-1' })
    const onTwo = await TestDesktop.connect(two!.url, { token: DESKTOP_TOKEN, desktopId: 'desk-2' })
    await Promise.all([onOne, onTwo].map((d) => d.until(() => d.framesOf('caught-up').length > 0)))
    for (let n = 0; n < 20; n++) {
      const relay = n % 2 === 0 ? one! : two!
      expect((await postWebhook(relay.url, webhookBody(n), APP_SECRET)).status).toBe(200)
    }
    await Promise.all([onOne.untilEvents(20), onTwo.untilEvents(20)])
    expect(onOne.events.map((e) => e.cursor)).toEqual(onTwo.events.map((e) => e.cursor))
    await Promise.all([onOne.close(), onTwo.close()])
  })

  it('keep claims exactly-once across instances: a claim asked for on one is done by a desktop on the other', async () => {
    const storage = backends.storage('redis')
    const [one, two] = await Promise.all([
      backends.start('redis', { storage, leaseMs: 400 }),
      backends.start('redis', { storage, leaseMs: 400 }),
    ])
    const holder = await TestDesktop.connect(one!.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-1',
      claims: true,
    })
    holder.send({ type: 'claim-request', key: 'auto-reply:wamid.X' })
    await holder.until(() => holder.framesOf('claim-offer').length === 1)
    const first = holder.framesOf('claim-offer')[0]!
    await holder.kill()
    // Only instance two has a claim-taking desktop; it finds the released claim on its sweep.
    const taker = await TestDesktop.connect(two!.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-2',
      claims: true,
    })
    await taker.until(() => taker.framesOf('claim-offer').length === 1, 5000, 'the offer')
    const second = taker.framesOf('claim-offer')[0]!
    expect(second).toMatchObject({ claimId: first.claimId, token: 2 })
    taker.send({ type: 'claim-result', claimId: second.claimId, token: 2, outcome: 'completed' })
    await taker.until(() => taker.framesOf('claim-settled').some((f) => f.outcome === 'completed'))
    expect(await one!.log.claims.get(first.claimId)).toMatchObject({ completed: true })
    await taker.close()
  })

  it('route a launcher result posted to one instance to the desktop whose tunnel is on the other', async () => {
    const storage = backends.storage('redis')
    const [one, two] = await Promise.all([
      backends.start('redis', { storage }),
      backends.start('redis', { storage }),
    ])
    const desktop = await TestDesktop.connect(two!.url, { token: DESKTOP_TOKEN })
    const state = 'state-0123456789abcdef'
    desktop.send({ type: 'signup-session', state })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const reply = await send(one!.url + SIGNUP_RESULT_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, code: 'AQB-code', events: [] }),
    })
    expect(reply.status).toBe(202)
    await desktop.until(() => desktop.framesOf('signup-result').length === 1)
    expect(desktop.framesOf('signup-result')[0]).toMatchObject({ state, code: 'AQB-code' })
    // Once: the state is used up on every instance.
    const again = await send(two!.url + SIGNUP_RESULT_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, code: 'AQB-code', events: [] }),
    })
    expect(again.status).toBe(404)
    await desktop.close()
  })
})
