import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeChatServer, type FakeChatServer } from './fake-chat-server'
import { answer, providerHarness, type ProviderHarness } from './openai-provider-harness'

// Drafts over HTTP and SSE, and the logs: openai-provider.test.ts.

let server: FakeChatServer
let draft: ProviderHarness['draft']
let failure: ProviderHarness['failure']
let waits: number[]
let close: () => void

beforeAll(async () => (server = await startFakeChatServer()))
afterAll(() => server.close())
beforeEach(() => ({ draft, failure, waits, close } = providerHarness(server)))
afterEach(() => close())

describe('OpenAI-compatible provider failures: classified, retried when it can help', () => {
  it('401 → CONFIG (the key), not retried', async () => {
    server.script({
      kind: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key provided' } },
    })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'CONFIG', retryable: false })
    expect(error.details).toMatchObject({ kind: 'auth', status: 401, attempts: 1 })
    expect(error.fix).toMatch(/AI API key/)
    expect(server.requests).toHaveLength(1)
  })

  it('429 with Retry-After → waits at least that long, then succeeds', async () => {
    server.script(
      { kind: 'status', status: 429, headers: { 'retry-after': '2' } },
      answer({ reply: 'Yes, we deliver.', sources: ['faq:3'], handoff: false }),
    )
    expect((await draft('Do you deliver?')).reply).toBe('Yes, we deliver.')
    expect(server.requests).toHaveLength(2)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(2_000)
  })

  it('429 with retry-after-ms really waits before the next request', async () => {
    server.script(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } },
      answer({ reply: 'Yes.', sources: [], handoff: false }),
    )
    const started = Date.now()
    await draft('Do you deliver?', {}, true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('429 every time → RATE_LIMITED, retryable, after the attempt limit', async () => {
    const limited = { kind: 'status', status: 429, headers: { 'retry-after': '1' } } as const
    server.script(limited, limited, limited)
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
    expect(error.details).toMatchObject({ kind: 'rate-limited', retryAfterMs: 1_000, attempts: 3 })
    expect(server.requests).toHaveLength(3)
    expect(waits).toEqual([expect.any(Number), expect.any(Number)])
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1_000)
  })

  it('429 asking for longer than we wait → returned at once for the caller to schedule', async () => {
    server.script({ kind: 'status', status: 429, headers: { 'retry-after': '120' } })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
    expect(error.details).toMatchObject({ retryAfterMs: 120_000, attempts: 1 })
  })

  it('429 for a used-up quota → CONFIG, not retried', async () => {
    server.script({
      kind: 'status',
      status: 429,
      body: { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } },
    })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'CONFIG', retryable: false })
    expect(error.details).toMatchObject({ kind: 'quota', attempts: 1 })
  })

  it('500 → retried with backoff; succeeds when the server recovers, else UNAVAILABLE', async () => {
    server.script(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      answer({ reply: 'Yes.', sources: [], handoff: false }),
    )
    expect((await draft('Do you deliver?')).reply).toBe('Yes.')
    expect(server.requests).toHaveLength(3)
    expect(waits).toHaveLength(2)
    server.script(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    )
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.details).toMatchObject({ kind: 'server', status: 500, attempts: 3 })
  })

  it('404 → CONFIG naming the base URL and model', async () => {
    server.script({
      kind: 'status',
      status: 404,
      body: { error: { message: 'model "nope" not found' } },
    })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'CONFIG', retryable: false })
    expect(error.details).toMatchObject({
      kind: 'not-found',
      providerMessage: 'model "nope" not found',
    })
  })

  it('a slow first byte → TIMEOUT (first-byte), retryable', async () => {
    const slow = { kind: 'slow-first-byte', delayMs: 1_500 } as const
    server.script(slow, slow)
    const error = await failure('Do you deliver?', {
      retry: { maxAttempts: 2, backoff: { baseMs: 1, capMs: 1 }, maxRetryAfterMs: 0 },
    })
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true })
    expect(error.details).toMatchObject({
      kind: 'timeout',
      phase: 'first-byte',
      ms: 400,
      attempts: 2,
    })
    expect(error.message).toMatch(/sent no answer within 400 ms/)
  })

  it('a stream that stalls → TIMEOUT (idle)', async () => {
    server.script({ kind: 'stall', content: '{"reply": "We', chunks: 1 })
    const error = await failure('Do you deliver?', { retry: { maxAttempts: 1 } })
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true })
    expect(error.details).toMatchObject({ phase: 'idle' })
  })

  it('a connection cut mid-stream → NETWORK, retried; the next attempt succeeds', async () => {
    server.script(
      { kind: 'cut', content: '{"reply": "partial' },
      answer({ reply: 'Whole.', sources: [], handoff: false }),
    )
    expect((await draft('Do you deliver?')).reply).toBe('Whole.')
    expect(server.requests).toHaveLength(2)
    server.script({ kind: 'cut', content: '{"reply": "partial' })
    const error = await failure('Do you deliver?', { retry: { maxAttempts: 1 } })
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
    expect(error.details).toMatchObject({ kind: 'connection' })
  })

  it('a malformed chunk → a stream this app cannot read, not retried', async () => {
    server.script({ kind: 'malformed' })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.details).toMatchObject({ kind: 'malformed-stream', attempts: 1 })
    expect(server.requests).toHaveLength(1)
  })

  it('no server listening → NETWORK', async () => {
    const gone = await startFakeChatServer()
    await gone.close()
    const error = await failure('Do you deliver?', {
      baseUrl: gone.baseUrl,
      retry: { maxAttempts: 1 },
    })
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
  })

  it('an answer cut at the length limit → not a draft', async () => {
    server.script(answer({ reply: 'We', sources: [], handoff: false }, { finishReason: 'length' }))
    const error = await failure('Do you deliver?')
    expect(error.details).toMatchObject({ kind: 'truncated' })
  })
})

describe('the model’s JSON answer is validated', () => {
  it('accepts it inside a Markdown fence', async () => {
    server.script({
      kind: 'answer',
      content: '```json\n{"reply": "Yes.", "sources": [], "handoff": false}\n```',
    })
    expect((await draft('Do you deliver?')).reply).toBe('Yes.')
  })

  it.each([
    ['Sure! We deliver.', /not a valid draft: it is not JSON/],
    ['', /not a valid draft: it is empty/],
    ['{"reply": 5, "sources": [], "handoff": false}', /reply Invalid input: expected string/],
    ['{"reply": "ok", "sources": []}', /handoff Invalid input: expected boolean/],
    [
      '{"reply": "ok", "sources": [], "handoff": false, "mood": "happy"}',
      /Unrecognized key: "mood"/,
    ],
  ])('refuses %j with a clear, retryable error', async (content, message) => {
    server.script({ kind: 'answer', content })
    const error = await failure('Do you deliver?')
    expect(error).toMatchObject({ code: 'VALIDATION', retryable: true })
    expect(error.message).toMatch(message)
    expect(error.details).toMatchObject({ kind: 'invalid-answer' })
    expect(server.requests).toHaveLength(1)
  })
})
