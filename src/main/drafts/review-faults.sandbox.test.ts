import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DraftSummary } from '@shared/contract/drafts'
import {
  startFakeChatServer,
  type FakeBehaviour,
  type FakeChatServer,
} from '../ai/openai/fake-chat-server'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'
import { HOURS, reviewDriver } from './test-support'

const text = (body: string) => ({ type: 'text', text: { body } })
const ANSWER = `Jaspers Market is open ${HOURS}.`
const AI_KEY = 'sk-review-test-7e1f3a9c5b2d4e6f'

describe('review-with-timeout × sandbox', () => {
  let h: SendingHarness
  let review: ReturnType<typeof reviewDriver>
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    h = await startSendingHarness()
    review = reviewDriver(h)
    client = await h.client('Jaspers Market')
    await review.seedFaq(client.clientId)
    await review.setPolicy(client.clientId, 'review-with-timeout', 5)
  })
  afterAll(async () => h?.stop())

  it('sends after the delay unless an agent acts: typing in the draft holds it', async () => {
    const [waiting, edited] = ['15550102001', '15550102002']
    const first = await h.customerWrites(client.phoneNumberId, waiting, text('When are you open?'))
    const second = await h.customerWrites(client.phoneNumberId, edited, text('When are you open?'))
    const [a, b] = await Promise.all(
      [first, second].map(({ wamid }) => review.draftOf(wamid, (d) => d.state === 'pending')),
    )
    for (const draft of [a!, b!]) {
      expect(draft).toMatchObject({ rule: 'policy-timeout', text: ANSWER })
      const delay = Date.parse(draft.sendAt!) - Date.parse(draft.createdAt)
      expect(delay).toBeGreaterThanOrEqual(4_900)
      expect(delay).toBeLessThan(6_000)
    }
    // An agent starts editing the second one: its delay stops.
    const { editors } = await h.ok<{ editors: unknown[] }>('drafts:presence', {
      windowId: 'window-test-1',
      draftId: b!.id,
      editing: true,
    })
    expect(editors).toEqual([
      { draftId: b!.id, agentName: expect.any(String), windowId: 'window-test-1', editing: true },
    ])
    expect(await review.businessTexts(waiting, client.phoneNumberId)).toEqual([])

    const sent = await review.draftOf(a!.inboundWamid, (d) => d.state === 'sent', 10_000)
    expect(sent).toMatchObject({ decision: 'timeout', decidedBy: 'policy', sentText: ANSWER })
    await poll(
      async () =>
        (await review.businessTexts(waiting, client.phoneNumberId)).includes(ANSWER) || null,
      'the reply after the delay',
    )
    const held = (await review.detail(b!.id)) as DraftSummary
    expect(held).toMatchObject({ state: 'pending', sendAt: null })
    expect(await review.businessTexts(edited, client.phoneNumberId)).toEqual([])
    expect((await review.detail(b!.id)).history.map((e) => e.action)).toContain('draft.held')
  })
})

describe('provider failures × sandbox (OpenAI-compatible provider against a local fake server)', () => {
  let h: SendingHarness
  let review: ReturnType<typeof reviewDriver>
  let client: Awaited<ReturnType<SendingHarness['client']>>
  let server: FakeChatServer
  beforeAll(async () => {
    server = await startFakeChatServer()
    h = await startSendingHarness({
      aiTuning: {
        timeouts: { firstByteMs: 300, idleMs: 300, totalMs: 2_000 },
        retry: { maxAttempts: 2, backoff: { baseMs: 10, capMs: 20 }, maxRetryAfterMs: 1_000 },
      },
    })
    review = reviewDriver(h)
    client = await h.client('Jaspers Market')
    await review.seedFaq(client.clientId)
    await h.ok('secrets:set', { name: 'ai-api-key', value: AI_KEY })
    await h.ok('settings:set', { key: 'aiBaseUrl', value: server.baseUrl })
    await h.ok('settings:set', { key: 'aiProvider', value: 'openai' })
  })
  afterAll(async () => {
    await h?.stop()
    await server?.close()
  })

  const failedWith = async (behaviours: FakeBehaviour[], customer: string, question: string) => {
    server.script(...behaviours)
    const { wamid } = await h.customerWrites(client.phoneNumberId, customer, text(question))
    return review.draftOf(wamid, (d) => d.state === 'failed', 10_000)
  }

  it('a 500, a 429 and a timeout leave the draft failed, shown with the reason, and retryable by regenerating', async () => {
    const status500: FakeBehaviour = { kind: 'status', status: 500, body: { error: {} } }
    const server500 = await failedWith([status500, status500], '15550103001', 'When are you open?')
    expect(server500).toMatchObject({
      rule: 'provider-failed',
      text: '',
      error: { code: 'UNAVAILABLE', retryable: true },
    })
    const status429: FakeBehaviour = {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { message: 'Rate limit reached' } },
    }
    const limited = await failedWith([status429, status429], '15550103002', 'When are you open?')
    expect(limited.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
    const slow: FakeBehaviour = { kind: 'slow-first-byte', delayMs: 1_500 }
    const timedOut = await failedWith([slow, slow], '15550103003', 'When are you open?')
    expect(timedOut.error).toMatchObject({ code: 'TIMEOUT', retryable: true })
    // The queue shows them.
    const open = (await review.list('open')).items.map((d) => d.id)
    expect(open).toEqual(expect.arrayContaining([server500.id, limited.id, timedOut.id]))

    // The server is back: regenerating drafts it.
    server.script({
      kind: 'answer',
      content: JSON.stringify({ reply: 'We open at 9 am.', sources: [], handoff: false }),
    })
    const regenerated = await h.ok<DraftSummary>('drafts:regenerate', { draftId: timedOut.id })
    expect(regenerated).toMatchObject({
      state: 'pending',
      text: 'We open at 9 am.',
      provider: 'openai',
      error: null,
      attempts: 2,
    })
    expect(regenerated.promptHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('keeps the API key and the prompt out of the logs (and the key out of the database)', async () => {
    server.script({
      kind: 'answer',
      content: JSON.stringify({ reply: 'Nine to six.', sources: [], handoff: false }),
    })
    const secretQuestion = 'Is the back door code 4471 still valid for pickups?'
    const { wamid } = await h.customerWrites(
      client.phoneNumberId,
      '15550103004',
      text(secretQuestion),
    )
    await review.draftOf(wamid, (d) => d.state === 'pending')
    const sentToModel = JSON.stringify(server.requests.at(-1)?.body)
    expect(sentToModel).toContain('4471')
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${AI_KEY}`)
    const log = readFileSync(h.logFile, 'utf8')
    expect(log).toContain('drafts.provider-failed')
    expect(log).not.toContain(AI_KEY)
    expect(log).not.toContain('4471')
    expect(log).not.toContain(HOURS)
    expect(h.diskText()).not.toContain(AI_KEY)
  })
})
