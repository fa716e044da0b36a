import { afterEach, describe, expect, it } from 'vitest'
import type { AppError } from '@shared/contract/errors'
import { failure } from '../test-support/failure'
import { FAST_RETRY, startGraphHarness, type GraphHarness } from '../test-support/graph-harness'

type Stats = { graph_requests: number; faults_injected: number }

describe('Graph client × sandbox faults: retries within a budget', () => {
  let h: GraphHarness | undefined
  afterEach(async () => {
    await h?.stop()
    h = undefined
  })

  /** Counts the Graph requests a call made, from the sandbox's own counters. */
  async function requestsDuring(
    harness: GraphHarness,
    run: () => Promise<unknown>,
  ): Promise<number> {
    const before = await harness.control<Stats>('GET', 'stats')
    await run()
    const after = await harness.control<Stats>('GET', 'stats')
    return after.graph_requests - before.graph_requests
  }

  it('retries a transient server error and succeeds once the platform recovers', async () => {
    // Between attempts, the platform recovers: faults are cleared instead of sleeping.
    let recover: () => Promise<void> = async () => undefined
    h = await startGraphHarness({ sleep: () => recover() })
    const harness = h
    recover = async () => {
      await harness.control('DELETE', 'faults')
    }
    const c = await h.onboard()
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['phone_numbers'],
    })
    let list: { data: unknown[] } | undefined
    const requests = await requestsDuring(h, async () => {
      list = await harness.graph.phoneNumbers.list(c.wabaId)
    })
    expect(list?.data.length).toBe(1)
    expect(requests).toBe(2)
  })

  it('gives up after the attempt limit with a retryable UNAVAILABLE error', async () => {
    h = await startGraphHarness()
    const c = await h.onboard()
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['unavailable'],
      endpoints: ['phone_numbers'],
    })
    const harness = h
    let error: AppError | undefined
    const requests = await requestsDuring(h, async () => {
      error = await failure(harness.graph.phoneNumbers.list(c.wabaId))
    })
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(requests).toBe(FAST_RETRY.maxAttempts)
  })

  it('retries the app-level call limit (code 4)', async () => {
    h = await startGraphHarness()
    const c = await h.onboard()
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['app_rate_limit'],
      endpoints: ['templates'],
    })
    const harness = h
    const requests = await requestsDuring(h, async () => {
      expect(await failure(harness.graph.templates.listAll(c.wabaId))).toMatchObject({
        code: 'RATE_LIMITED',
        details: { graphCode: 4 },
      })
    })
    expect(requests).toBe(FAST_RETRY.maxAttempts)
  })

  it('does not retry an expired token', async () => {
    h = await startGraphHarness()
    const c = await h.onboard()
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['token_expired'],
      endpoints: ['phone_numbers'],
    })
    const harness = h
    const requests = await requestsDuring(h, async () => {
      expect(await failure(harness.graph.phoneNumbers.list(c.wabaId))).toMatchObject({
        code: 'GRAPH_AUTH',
        retryable: false,
      })
    })
    expect(requests).toBe(1)
  })

  it('retries a dropped connection on a read, but never re-sends a message that may have gone out', async () => {
    h = await startGraphHarness()
    const c = await h.readyToMessage()
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['reset'],
      endpoints: ['phone_numbers', 'messages'],
    })
    const harness = h
    const readRequests = await requestsDuring(h, async () => {
      expect(await failure(harness.graph.phoneNumbers.list(c.wabaId))).toMatchObject({
        code: 'NETWORK',
        retryable: true,
      })
    })
    expect(readRequests).toBe(FAST_RETRY.maxAttempts)
    let sendError: AppError | undefined
    const sendRequests = await requestsDuring(h, async () => {
      sendError = await failure(
        harness.graph.messages.send(c.wabaId, c.phoneId, {
          to: c.customer,
          type: 'text',
          text: { body: 'once' },
        }),
      )
    })
    expect(sendRequests).toBe(1)
    expect(sendError).toMatchObject({ code: 'NETWORK', details: { maybeDelivered: true } })
  })

  it('times out a send that gets no answer, once, flagged as maybe delivered', async () => {
    h = await startGraphHarness({ timeoutMs: 300 })
    const c = await h.readyToMessage()
    await h.control('POST', 'faults', { rate: 1, kinds: ['timeout'], endpoints: ['messages'] })
    const harness = h
    const requests = await requestsDuring(h, async () => {
      const error = await failure(
        harness.graph.messages.send(c.wabaId, c.phoneId, {
          to: c.customer,
          type: 'text',
          text: { body: 'hello?' },
        }),
      )
      expect(error).toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
        details: { maybeDelivered: true },
      })
    })
    expect(requests).toBe(1)
  })

  it('retries a send when the connection was refused (nothing left the machine)', async () => {
    const sleeps: number[] = []
    h = await startGraphHarness({ sleep: async (ms) => void sleeps.push(ms) })
    const c = await h.readyToMessage()
    await h.sandbox.close() // nothing listens on its port any more
    const error = await failure(
      h.graph.messages.send(c.wabaId, c.phoneId, {
        to: c.customer,
        type: 'text',
        text: { body: 'x' },
      }),
    )
    expect(error).toMatchObject({
      code: 'NETWORK',
      retryable: true,
      details: { maybeDelivered: false, networkCode: 'ECONNREFUSED' },
    })
    expect(sleeps).toHaveLength(FAST_RETRY.maxAttempts - 1)
  })
})
