import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { parseGraphError } from '../graph/graph-errors'
import { classifySendFailure, type OutcomeOptions } from './outcomes'

const options: OutcomeOptions = {
  maxAttempts: 5,
  backoff: { baseMs: 1_000, capMs: 60_000, jitter: 'equal' },
  throughputBackoff: { baseMs: 250, capMs: 10_000, jitter: 'equal' },
  authRetryMs: 30_000,
  random: () => 0.5,
}
/** Meta's answer for `code`, read by the Graph client's own parser. */
const meta = (code: number, status = 400) =>
  parseGraphError(status, JSON.stringify({ error: { code, message: `(#${code}) x` } }), 'messages')
    .error

describe('what the outbox does with a failed send', () => {
  it('backs off 130429 from a short base, doubling per attempt', () => {
    const waits = [1, 2, 3].map((attempts) =>
      classifySendFailure(meta(130429), attempts, options, () => 0),
    )
    expect(waits.map((o) => o.kind)).toEqual(['retry', 'retry', 'retry'])
    expect(waits.map((o) => (o.kind === 'retry' ? [o.waitMs, o.limit] : null))).toEqual([
      [188, 'throughput'],
      [375, 'throughput'],
      [750, 'throughput'],
    ])
  })

  it("waits Meta's 4^X seconds after 131056, as the limiter says", () => {
    const outcome = classifySendFailure(meta(131056), 1, options, () => 4_000)
    expect(outcome).toMatchObject({
      kind: 'retry',
      waitMs: 4_000,
      limit: 'pair',
      error: { code: 131056 },
    })
  })

  it('fails at once with Meta’s title for codes that cannot succeed again', () => {
    expect(classifySendFailure(meta(131026), 1, options, () => 0)).toMatchObject({
      kind: 'failed',
      error: { code: 131026, title: 'Message Undeliverable', retryable: false },
    })
  })

  it('holds a message refused for its token while the client is re-authorized', () => {
    expect(classifySendFailure(meta(190, 401), 1, options, () => 0)).toMatchObject({
      kind: 'retry',
      waitMs: 30_000,
      error: { code: 190, retryable: true },
    })
  })

  it('gives up a retryable failure after the last attempt, still retryable by hand', () => {
    expect(classifySendFailure(meta(131000, 500), 5, options, () => 0)).toMatchObject({
      kind: 'failed',
      error: { code: 131000, retryable: true, message: expect.stringMatching(/after 5 attempts/) },
    })
  })

  it('never retries a send whose answer was lost: it may have been delivered', () => {
    const lost = new AppError('TIMEOUT', 'messages: Meta did not answer in time', {
      details: { maybeDelivered: true },
    })
    expect(classifySendFailure(lost, 1, options, () => 0)).toMatchObject({ kind: 'unconfirmed' })
  })
})
