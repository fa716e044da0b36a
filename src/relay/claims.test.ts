import { describe, expect, it } from 'vitest'
import type { ClaimOfferFrame } from '@shared/relay/protocol'
import { claimIdFor } from './log/claim-id'
import { BACKENDS, DESKTOP_TOKEN, useBackends } from './testing/backends'
import { spawnChildDesktop } from './testing/child-desktop'
import { TestDesktop } from './testing/desktop'

const backends = useBackends()

const offers = (desktop: TestDesktop) => desktop.framesOf('claim-offer')
const settledOutcomes = (desktop: TestDesktop, claimId: string) =>
  desktop
    .framesOf('claim-settled')
    .filter((frame) => frame.claimId === claimId)
    .map((frame) => frame.outcome)

const complete = (desktop: TestDesktop, offer: ClaimOfferFrame) =>
  desktop.send({
    type: 'claim-result',
    claimId: offer.claimId,
    token: offer.token,
    outcome: 'completed',
  })

describe.each(BACKENDS)('claims (%s backend)', (backend) => {
  it('stay exactly-once when the holding desktop is killed (SIGKILL) mid-claim', async () => {
    const relay = await backends.start(backend, { leaseMs: 30_000 })
    const crashing = spawnChildDesktop(relay.url, DESKTOP_TOKEN, 'desk-crash')
    await crashing.until((frames) => frames.some((frame) => frame.type === 'welcome'))
    const requester = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-requester',
    })
    requester.send({ type: 'claim-request', key: 'auto-reply:wamid.1' })
    await crashing.until((frames) => frames.some((frame) => frame.type === 'claim-offer'))
    const first = crashing.frames.find((frame) => frame.type === 'claim-offer')!
    expect(first).toMatchObject({ key: 'auto-reply:wamid.1', token: 1, attempt: 1 })

    // Another desktop that takes claims is there; the holder dies without a word.
    const survivor = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-survivor',
      claims: true,
    })
    expect(offers(survivor)).toEqual([])
    await crashing.kill()
    // Long before the 30 s lease would run out: the disconnect gives the claim back.
    await survivor.until(() => offers(survivor).length === 1, 5000, 'the re-offer')
    const second = offers(survivor)[0]!
    expect(second).toMatchObject({ claimId: first.claimId, token: 2, attempt: 2 })
    complete(survivor, second)
    await survivor.until(() => settledOutcomes(survivor, second.claimId).includes('completed'))

    // The dead desktop's token is stale for anyone who presents it; completing twice is refused.
    const late = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-crash',
      claims: true,
    })
    late.send({
      type: 'claim-result',
      claimId: first.claimId as string,
      token: 1,
      outcome: 'completed',
    })
    complete(survivor, second)
    await late.until(() => settledOutcomes(late, second.claimId).includes('stale'))
    await survivor.until(() => settledOutcomes(survivor, second.claimId).length === 2)
    expect(settledOutcomes(survivor, second.claimId)).toEqual(['completed', 'stale'])
    // Asking again for completed work is answered "stale": nobody does it a second time.
    requester.send({ type: 'claim-request', key: 'auto-reply:wamid.1' })
    await requester.until(() => settledOutcomes(requester, second.claimId).includes('stale'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(offers(late)).toEqual([])
    expect(await relay.log.claims.get(claimIdFor('auto-reply:wamid.1'))).toMatchObject({
      completed: true,
      token: 2,
    })
    expect(relay.metrics.claimsCompleted).toBe(1)
    await Promise.all([requester.close(), survivor.close(), late.close()])
  })

  it('re-offers a claim whose lease ran out to another desktop, and the old holder’s token goes stale', async () => {
    const relay = await backends.start(backend, { leaseMs: 300 })
    const slow = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-slow',
      claims: true,
    })
    slow.send({ type: 'claim-request', key: 'job-1', cursor: '1' })
    await slow.until(() => offers(slow).length === 1)
    const stuck = offers(slow)[0]!
    expect(stuck.cursor).toBe('1')
    // Extending keeps it; then the holder goes quiet.
    slow.send({ type: 'claim-extend', claimId: stuck.claimId, token: stuck.token })
    await slow.until(() => settledOutcomes(slow, stuck.claimId).includes('extended'))
    const other = await TestDesktop.connect(relay.url, {
      token: DESKTOP_TOKEN,
      desktopId: 'desk-other',
      claims: true,
    })
    await other.until(() => offers(other).length === 1, 5000, 'the re-offer after the lease')
    expect(offers(other)[0]).toMatchObject({ token: 2, attempt: 2 })
    await slow.until(() => settledOutcomes(slow, stuck.claimId).includes('stale'))
    complete(slow, stuck)
    complete(other, offers(other)[0]!)
    await other.until(() => settledOutcomes(other, stuck.claimId).includes('completed'))
    await slow.until(
      () => settledOutcomes(slow, stuck.claimId).filter((o) => o === 'stale').length === 2,
    )
    expect(relay.metrics.claimsCompleted).toBe(1)
    await Promise.all([slow.close(), other.close()])
  })

  it('spreads many claims over several desktops, each completed exactly once, even when all ask', async () => {
    const relay = await backends.start(backend)
    const desktops = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        TestDesktop.connect(relay.url, {
          token: DESKTOP_TOKEN,
          desktopId: `desk-${id}`,
          claims: true,
        }),
      ),
    )
    const keys = Array.from({ length: 30 }, (_, n) => `auto-reply:wamid.${n}`)
    // Every desktop sees every event, so every desktop asks for every claim.
    for (const desktop of desktops)
      for (const key of keys) desktop.send({ type: 'claim-request', key })
    const handled = new Set<string>()
    const completedBy = new Map<string, string>()
    const deadline = Date.now() + 10_000
    while (completedBy.size < keys.length && Date.now() < deadline) {
      for (const desktop of desktops) {
        for (const offer of offers(desktop)) {
          if (handled.has(`${offer.claimId}/${offer.token}`)) continue
          handled.add(`${offer.claimId}/${offer.token}`)
          complete(desktop, offer)
        }
        for (const frame of desktop.framesOf('claim-settled'))
          if (frame.outcome === 'completed') completedBy.set(frame.key, desktop.welcome.logId)
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const completions = desktops.flatMap((desktop) =>
      desktop.framesOf('claim-settled').filter((frame) => frame.outcome === 'completed'),
    )
    expect(completions.map((frame) => frame.key).sort()).toEqual([...keys].sort())
    // Offered to the least busy desktop: the work is spread, not all on one.
    const perDesktop = desktops.map((desktop) => offers(desktop).length)
    expect(
      perDesktop.every((count) => count > 0),
      String(perDesktop),
    ).toBe(true)
    expect(relay.metrics.claimsCompleted).toBe(30)
    await Promise.all(desktops.map((desktop) => desktop.close()))
  })
})
