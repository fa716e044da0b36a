import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { draftSchema, type Draft } from '@shared/contract/ai'
import { AppError } from '@shared/contract/errors'
import { createLogger } from '../../logger'
import { tempDir } from '../../test-support/temp-dir'
import { bakeryKnowledge } from '../kb-fixtures'
import { createKnowledgeIndexCache } from '../kb-index'
import type { ConversationTurn } from '../provider'
import { startFakeChatServer, type FakeBehaviour, type FakeChatServer } from './fake-chat-server'
import { createOpenAiProvider, type OpenAiProviderConfig } from './openai-provider'

const KEY = 'sk-test-4f9a1c2e7b3d5a8f'
const answer = (body: unknown, extra: Partial<Extract<FakeBehaviour, { kind: 'answer' }>> = {}) =>
  ({ kind: 'answer', content: JSON.stringify(body), ...extra }) as const

let server: FakeChatServer
let dir: ReturnType<typeof tempDir>
let logFile: string
let waits: number[]

beforeAll(async () => {
  server = await startFakeChatServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  dir = tempDir()
  logFile = join(dir.path, 'wapc.log')
  waits = []
  server.requests.length = 0
})
afterEach(() => dir.cleanup())

function provider(config: Partial<OpenAiProviderConfig> = {}, realSleep = false) {
  return createOpenAiProvider(
    {
      baseUrl: server.baseUrl,
      model: 'fake-model',
      apiKey: KEY,
      redact: true,
      timeouts: { firstByteMs: 400, idleMs: 400, totalMs: 5_000 },
      retry: { maxAttempts: 3, backoff: { baseMs: 10, capMs: 40 }, maxRetryAfterMs: 5_000 },
      ...config,
    },
    {
      cache: createKnowledgeIndexCache(),
      log: createLogger({ level: 'debug', file: logFile, console: false }),
      ...(realSleep
        ? {}
        : {
            sleep: async (ms: number) => {
              waits.push(ms)
            },
          }),
    },
  )
}

const CONVERSATION: ConversationTurn[] = [
  { direction: 'in', text: 'Hi! I am Ana, ana.silva@example.com, +351 912 345 678' },
  { direction: 'out', text: 'Hello Ana, how can we help?' },
]

async function draft(text: string, config: Partial<OpenAiProviderConfig> = {}, realSleep = false) {
  const result = await provider(config, realSleep).draft({
    client: { id: 'bakery', name: 'Padaria Flor' },
    conversation: CONVERSATION,
    inbound: { text },
    kb: bakeryKnowledge(),
  })
  return draftSchema.parse(result) satisfies Draft
}

async function failure(
  text: string,
  config: Partial<OpenAiProviderConfig> = {},
): Promise<AppError> {
  try {
    await draft(text, config)
  } catch (error) {
    if (AppError.is(error)) return error
    throw error
  }
  throw new Error('expected the draft to fail')
}

const sentBody = (i = 0) =>
  server.requests[i]!.body as {
    model: string
    stream: boolean
    messages: { role: string; content: string }[]
    response_format: { type: string; json_schema: { name: string; strict: boolean } }
  }

describe('OpenAI-compatible provider over real HTTP and SSE', () => {
  it('streams a JSON answer into a draft citing only the sources the prompt offered', async () => {
    server.script(
      answer(
        {
          reply: 'We open at 8:00, Monday to Saturday.',
          sources: ['faq:1', 'fact:hours', 'faq:999'],
          handoff: false,
        },
        { model: 'fake-model-2026-01', chunks: 7 },
      ),
    )
    const d = await draft('What time do you open?')
    expect(d).toMatchObject({
      reply: 'We open at 8:00, Monday to Saturday.',
      provider: 'openai',
      model: 'fake-model-2026-01',
      handoff: false,
      needsAnswer: false,
      language: 'en',
    })
    expect(d.sources.map((s) => s.ref)).toEqual(['faq:1', 'fact:hours'])
    expect(d.confidence).toBeGreaterThan(0.5)
    expect(d.promptHash).toMatch(/^[0-9a-f]{64}$/)

    const request = server.requests[0]!
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' })
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`)
    const body = sentBody()
    expect(body).toMatchObject({ model: 'fake-model', stream: true })
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'draft_reply', strict: true },
    })
    const [system, user] = body.messages
    expect(system?.role).toBe('system')
    expect(system?.content).toContain("Padaria Flor's customer service")
    expect(system?.content).toContain('[faq:1] Q: What are your opening hours?')
    expect(system?.content).toContain('A: We are open Monday to Saturday, 8:00–18:00.')
    expect(system?.content).toContain('[fact:address] address: Rua das Flores 12, Lisbon')
    expect(system?.content).toContain('(English)')
    expect(user?.content).toContain('Business: Hello Ana, how can we help?')
    expect(user?.content).toMatch(/The customer's new message:\nWhat time do you open\?$/)
  })

  it('sends the key as api-key for Azure OpenAI, keeping the URL’s api-version on the request', async () => {
    server.script(answer({ reply: 'Yes.', sources: [], handoff: false }))
    await draft('Do you deliver?', {
      baseUrl: `${server.baseUrl}?api-version=2024-10-21`,
      auth: 'api-key',
    })
    const request = server.requests[0]!
    expect(request.path).toBe('/v1/chat/completions?api-version=2024-10-21')
    expect(request.headers['api-key']).toBe(KEY)
    expect(request.headers.authorization).toBeUndefined()
  })

  it('gives the same prompt hash for the same prompt, another for another message', async () => {
    server.script(
      answer({ reply: 'x', sources: [], handoff: false }),
      answer({ reply: 'x', sources: [], handoff: false }),
      answer({ reply: 'x', sources: [], handoff: false }),
    )
    const a = await draft('Do you deliver?')
    const b = await draft('Do you deliver?')
    const c = await draft('Where is the shop?')
    expect(a.promptHash).toBe(b.promptHash)
    expect(c.promptHash).not.toBe(a.promptHash)
  })

  it('masks phone numbers and emails in the conversation, not the business’s own facts', async () => {
    server.script(
      answer({ reply: 'ok', sources: [], handoff: false }),
      answer({ reply: 'ok', sources: [], handoff: false }),
    )
    await draft('call me on (555) 010-9999 or mail bob@example.org about the address')
    const masked = JSON.stringify(sentBody(0).messages)
    expect(masked).not.toMatch(/ana\.silva@example\.com|912 345 678|010-9999|bob@example\.org/)
    expect(masked).toContain('I am Ana, [email], [phone]')
    expect(masked).toContain('call me on [phone] or mail [email]')
    expect(masked).toContain('Rua das Flores 12')
    await draft('call me on (555) 010-9999', { redact: false })
    expect(JSON.stringify(sentBody(1).messages)).toContain(
      'ana.silva@example.com, +351 912 345 678',
    )
  })

  it('never sends a message a person must handle', async () => {
    const d = await draft('can I talk to a person please?')
    expect(server.requests).toHaveLength(0)
    expect(d).toMatchObject({ handoff: true, handoffReason: 'human', provider: 'local' })
  })

  it('hands over when the model says so, and needs an answer when it has none', async () => {
    server.script(
      answer({ reply: '', sources: [], handoff: true }),
      answer({ reply: '', sources: [], handoff: false }),
      answer({ reply: 'Maybe tomorrow.', sources: [], handoff: false }),
    )
    expect(await draft('my cake arrived broken')).toMatchObject({
      handoff: true,
      handoffReason: 'model',
      reply: expect.stringContaining('a member of the Padaria Flor team'),
    })
    expect(await draft('Do you sell bicycles?')).toMatchObject({
      reply: '',
      needsAnswer: true,
      confidence: 0,
    })
    const uncited = await draft('What time do you open?')
    const cited = await (async () => {
      server.script(answer({ reply: 'At 8.', sources: ['faq:1'], handoff: false }))
      return draft('What time do you open?')
    })()
    expect(uncited.confidence).toBeCloseTo(cited.confidence / 2, 2)
  })
})

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

describe('logs', () => {
  it('never hold the API key or what the customer wrote', async () => {
    server.script({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}` } },
    })
    await failure('my secret question about sourdough')
    server.script(
      { kind: 'status', status: 500 },
      answer({ reply: 'Yes.', sources: [], handoff: false }),
    )
    await draft('my secret question about sourdough')
    const log = readFileSync(logFile, 'utf8')
    expect(log).toContain('ai.provider-failed')
    expect(log).not.toContain(KEY)
    expect(log).not.toContain('sourdough')
    expect(log).not.toContain('ana.silva')
  })
})
