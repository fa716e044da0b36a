import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeChatServer, type FakeChatServer } from './fake-chat-server'
import { KEY, answer, providerHarness, type ProviderHarness } from './openai-provider-harness'

// Failures and the model's invalid answers: openai-provider-failures.test.ts.

let server: FakeChatServer
let draft: ProviderHarness['draft']
let failure: ProviderHarness['failure']
let logFile: string
let close: () => void

beforeAll(async () => (server = await startFakeChatServer()))
afterAll(() => server.close())
beforeEach(() => ({ draft, failure, logFile, close } = providerHarness(server)))
afterEach(() => close())

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
