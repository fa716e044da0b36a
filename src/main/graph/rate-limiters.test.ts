import { describe, expect, it } from 'vitest'
import { PAIR_BURST, PAIR_INTERVAL_MS } from '@shared/whatsapp/rate-model'
import { createSendLimiter } from './rate-limiters'

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('send limiter', () => {
  it('allows 80 sends per second per number by default, then says how long to wait', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now })
    for (let i = 0; i < 80; i++) expect(limiter.reserve('phone', `user${i}`)).toEqual({ ok: true })
    const refused = limiter.reserve('phone', 'user80')
    expect(refused).toMatchObject({ ok: false, reason: 'throughput' })
    if (!refused.ok) expect(refused.waitMs).toBeGreaterThan(0)
    // Other numbers have their own budget.
    expect(limiter.reserve('other-phone', 'user0')).toEqual({ ok: true })
    c.advance(1000)
    expect(limiter.reserve('phone', 'user80')).toEqual({ ok: true })
  })

  it('follows a configured throughput (upgrade to 1,000 mps)', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now })
    limiter.setThroughput('phone', 1000)
    let sent = 0
    for (let i = 0; i < 1200; i++) if (limiter.reserve('phone', `u${i}`).ok) sent++
    expect(sent).toBe(1000)
    expect(() => limiter.setThroughput('phone', 0)).toThrow(RangeError)
  })

  it('lets a burst of 45 to one customer through, then one per 6 s', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now })
    limiter.setThroughput('phone', 10_000)
    for (let i = 0; i < PAIR_BURST; i++) expect(limiter.reserve('phone', 'ana').ok).toBe(true)
    const refused = limiter.reserve('phone', 'ana')
    expect(refused).toMatchObject({ ok: false, reason: 'pair', waitMs: PAIR_INTERVAL_MS })
    c.advance(PAIR_INTERVAL_MS)
    expect(limiter.reserve('phone', 'ana').ok).toBe(true)
    expect(limiter.reserve('phone', 'ana').ok).toBe(false)
  })

  it('backs off 4^X seconds after consecutive 131056 answers, and resets on success', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now })
    expect(limiter.pairLimitHit('phone', 'ana')).toBe(1000)
    expect(limiter.reserve('phone', 'ana')).toMatchObject({
      ok: false,
      reason: 'pair',
      waitMs: 1000,
    })
    expect(limiter.pairLimitHit('phone', 'ana')).toBe(4000)
    expect(limiter.pairLimitHit('phone', 'ana')).toBe(16000)
    limiter.pairSucceeded('phone', 'ana')
    expect(limiter.pairLimitHit('phone', 'ana')).toBe(1000)
  })

  it('drains the number after a 130429 so it stops sending until tokens refill', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now })
    limiter.throughputHit('phone')
    expect(limiter.reserve('phone', 'x')).toMatchObject({ ok: false, reason: 'throughput' })
    c.advance(13)
    expect(limiter.reserve('phone', 'x').ok).toBe(true)
  })

  it('forgets idle pairs but keeps those still serving a penalty', () => {
    const c = clock()
    const limiter = createSendLimiter({ now: c.now, pairIdleMs: 1000 })
    limiter.reserve('phone', 'ana')
    limiter.reserve('phone', 'bo')
    for (let i = 0; i < 3; i++) limiter.pairLimitHit('phone', 'cy') // 16 s penalty
    expect(limiter.size().pairs).toBe(3)
    c.advance(2000)
    limiter.prune()
    expect(limiter.size().pairs).toBe(1)
    expect(limiter.reserve('phone', 'cy')).toMatchObject({ ok: false, reason: 'pair' })
    c.advance(16_000)
    limiter.prune()
    expect(limiter.size().pairs).toBe(0)
  })
})
