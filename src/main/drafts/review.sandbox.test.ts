import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppErrorData } from '@shared/contract'
import type { ConversationAi, DraftSummary } from '@shared/contract/drafts'
import { inspect } from '../inspect/inspect'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'
import { HOURS, HOURS_QUESTION, reviewDriver } from './test-support'

const text = (body: string) => ({ type: 'text', text: { body } })
const ANSWER = `Jaspers Market is open ${HOURS}.`

describe('reviewing AI replies × sandbox (real core, embedded relay and its claims)', () => {
  let h: SendingHarness
  let review: ReturnType<typeof reviewDriver>
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    h = await startSendingHarness()
    review = reviewDriver(h)
    client = await h.client('Jaspers Market')
    await review.seedFaq(client.clientId)
  })
  afterAll(async () => h?.stop())

  /** The console's database, read-only beside the running core (WAL allows it). */
  function originOf(messageId: number): string | null {
    const { db } = openDatabase({ file: join(h.dataDir, DATABASE_FILE), readonly: true })
    try {
      return (
        db
          .prepare<[number], { origin: string | null }>('SELECT origin FROM messages WHERE id = ?')
          .get(messageId)?.origin ?? null
      )
    } finally {
      db.close()
    }
  }

  it('starts a new client on review: a question from the FAQ waits in the queue with its context, sources, confidence, rule and window', async () => {
    expect(await h.ok('drafts:client-policy', { clientId: client.clientId })).toMatchObject({
      policy: 'review',
      updatedBy: null,
    })
    const customer = '15550101001'
    await h.customerWrites(client.phoneNumberId, customer, text('Hi!'))
    const { wamid, conversationId } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('when are you open?'),
    )
    const draft = await review.draftOf(wamid, (d) => d.state === 'pending')
    expect(draft).toMatchObject({
      clientId: client.clientId,
      clientName: 'Jaspers Market',
      conversationId,
      contactName: expect.any(String),
      inboundText: 'when are you open?',
      state: 'pending',
      decision: null,
      policy: 'review',
      rule: 'policy-review',
      text: `Jaspers Market is open ${HOURS}.`,
      needsAnswer: false,
      provider: 'local',
      model: 'local-retrieval-1',
      promptHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      sources: [
        expect.objectContaining({ kind: 'faq', title: HOURS_QUESTION }),
        expect.objectContaining({ kind: 'fact', title: 'business_name' }),
        expect.objectContaining({ kind: 'fact', title: 'hours' }),
      ],
    })
    expect(draft.confidence).toBeGreaterThanOrEqual(0.6)
    expect(Date.parse(draft.windowEndsAt!) - Date.parse(draft.inboundAt)).toBe(24 * 3_600_000)
    const detail = await review.detail(draft.id)
    expect(detail.context.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'Hi!'],
      ['in', 'when are you open?'],
    ])
    expect(detail.history.map((entry) => entry.action)).toEqual(['draft.created', 'draft.drafted'])
    // Nothing went to the customer: review holds every draft.
    expect(await review.businessTexts(customer, client.phoneNumberId)).toEqual([])
    const queue = await review.list('open')
    expect(queue.items.map((d) => d.id)).toContain(draft.id)
    expect(queue.pendingCount).toBeGreaterThanOrEqual(1)
  })

  it('edit and send: the edited text reaches the customer, the audit keeps both texts, inspect shows it', async () => {
    const customer = '15550101002'
    const { wamid } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('What time do you open?'),
    )
    const draft = await review.draftOf(wamid, (d) => d.state === 'pending')
    const edited = 'We open at 9 am (Monday to Saturday). See you soon!'
    const sent = await h.ok<DraftSummary>('drafts:send', { draftId: draft.id, text: edited })
    expect(sent).toMatchObject({
      state: 'sent',
      decision: 'edited',
      text: ANSWER,
      sentText: edited,
      decidedBy: expect.any(String),
    })
    await poll(async () => {
      const texts = await review.businessTexts(customer, client.phoneNumberId)
      return texts.includes(edited) ? texts : null
    }, 'the edited reply on the customer’s phone')
    expect(originOf(sent.messageId!)).toBe('ai-edited')
    // A second click (another window) cannot send it again.
    const again = await h.call('drafts:send', { draftId: draft.id, text: edited })
    expect(again.ok).toBe(false)
    expect((again as { error: AppErrorData }).error.code).toBe('CONFLICT')
    const rows = inspect({ dataDir: h.dataDir, entity: 'drafts' })
    expect(rows.find((r) => r.inbound_id === wamid)).toMatchObject({
      inbound_id: wamid,
      state: 'sent',
      text: ANSWER,
      sent_text: edited,
      decision: 'edited',
    })
  })

  it('an empty draft marked "needs an answer" when the knowledge base has none; the agent writes it', async () => {
    const customer = '15550101003'
    const { wamid } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('Do you sell gift cards for bicycles?'),
    )
    const draft = await review.draftOf(wamid, (d) => d.state === 'pending')
    expect(draft).toMatchObject({ needsAnswer: true, text: '', rule: 'needs-answer' })
    const refused = await h.call('drafts:approve', { draftId: draft.id })
    expect((refused as { error: AppErrorData }).error).toMatchObject({ code: 'VALIDATION' })
    const answer = 'Not yet, but we will soon!'
    await h.ok('drafts:send', { draftId: draft.id, text: answer })
    await poll(
      async () =>
        (await review.businessTexts(customer, client.phoneNumberId)).includes(answer) || null,
      'the written answer',
    )
  })

  it('reject with a reason, and regenerate: the queue moves, the rates count them', async () => {
    const customer = '15550101004'
    const first = await h.customerWrites(client.phoneNumberId, customer, text('when are you open'))
    const draft = await review.draftOf(first.wamid, (d) => d.state === 'pending')
    const regenerated = await h.ok<DraftSummary>('drafts:regenerate', { draftId: draft.id })
    expect(regenerated).toMatchObject({ state: 'pending', attempts: 2, text: ANSWER })
    const rejected = await h.ok<DraftSummary>('drafts:reject', {
      draftId: draft.id,
      reason: 'The customer already knows the hours.',
    })
    expect(rejected).toMatchObject({
      state: 'rejected',
      decision: 'rejected',
      rejectReason: 'The customer already knows the hours.',
    })
    expect(await review.businessTexts(customer, client.phoneNumberId)).toEqual([])
    const { clients } = await h.ok<{ clients: { clientId: string; decisions: object }[] }>(
      'drafts:rates',
      { clientId: client.clientId },
    )
    expect(clients[0]).toMatchObject({
      clientId: client.clientId,
      decisions: expect.objectContaining({ edited: 2, rejected: 1 }),
      acceptanceRate: 0,
      editRate: 2 / 3,
      rejectionRate: 1 / 3,
    })
  })

  it('auto sends at once; a duplicate webhook (a re-sync) makes no second draft and no second reply', async () => {
    await review.setPolicy(client.clientId, 'auto')
    const customer = '15550101005'
    const { wamid } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('What are your opening hours?'),
    )
    const draft = await review.draftOf(wamid, (d) => d.state === 'sent')
    expect(draft).toMatchObject({ decision: 'auto', decidedBy: 'policy', rule: 'policy-auto' })
    expect(originOf(draft.messageId!)).toBe('ai-auto')
    await poll(
      async () => (await review.businessTexts(customer, client.phoneNumberId)).length === 1 || null,
      'the automatic reply',
    )
    // Every webhook again from the relay (already applied ones are skipped by wamid).
    await h.ok('tunnel:resync', { since: new Date(Date.now() - 3_600_000).toISOString() })
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const all = (await review.list()).items.filter((d) => d.inboundWamid === wamid)
    expect(all).toHaveLength(1)
    expect(await review.businessTexts(customer, client.phoneNumberId)).toEqual([ANSWER])
  })

  it('low confidence goes to review even under auto', async () => {
    const customer = '15550101006'
    // One word of the FAQ's question: the opening hours, but not certainly.
    const { wamid } = await h.customerWrites(client.phoneNumberId, customer, text('hours'))
    const draft = await review.draftOf(wamid, (d) => d.state !== 'drafting')
    expect(draft).toMatchObject({ state: 'pending', rule: 'low-confidence', text: ANSWER })
    expect(draft.confidence).toBeLessThan(0.6)
    expect(await review.businessTexts(customer, client.phoneNumberId)).toEqual([])
  })

  it('take over: the conversation’s drafts close and the next message gets no automatic reply until released', async () => {
    const customer = '15550101007'
    const { conversationId } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('What time do you open?'),
    )
    await poll(
      async () => (await review.businessTexts(customer, client.phoneNumberId)).length === 1 || null,
      'the automatic reply',
    )
    const taken = await h.ok<ConversationAi>('drafts:take-over', { conversationId })
    expect(taken.paused).toMatchObject({ kind: 'taken-over', by: expect.any(String) })
    const next = await h.customerWrites(client.phoneNumberId, customer, text('When are you open?'))
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect((await review.list()).items.some((d) => d.inboundWamid === next.wamid)).toBe(false)
    expect(await review.businessTexts(customer, client.phoneNumberId)).toHaveLength(1)
    const released = await h.ok<ConversationAi>('drafts:release', { conversationId })
    expect(released.paused).toBeNull()
    const after = await h.customerWrites(client.phoneNumberId, customer, text('when are you open?'))
    await review.draftOf(after.wamid, (d) => d.state === 'sent')
  })

  it('a core that stopped mid-draft or mid-send leaves those drafts to an agent when it starts again', async () => {
    await review.setPolicy(client.clientId, 'review')
    const customer = '15550101009'
    const first = await h.customerWrites(client.phoneNumberId, customer, text('When are you open?'))
    const second = await h.customerWrites(client.phoneNumberId, customer, text('What time?'))
    const [a, b] = await Promise.all(
      [first, second].map(({ wamid }) => review.draftOf(wamid, (d) => d.state === 'pending')),
    )
    await h.stopCore()
    // As a crash would leave them: one draft being written, one being sent.
    const { db } = openDatabase({ file: join(h.dataDir, DATABASE_FILE) })
    db.prepare("UPDATE drafts SET state = 'drafting' WHERE id = ?").run(a!.id)
    db.prepare("UPDATE drafts SET state = 'sending' WHERE id = ?").run(b!.id)
    db.close()
    await h.startCore()
    expect(await review.detail(a!.id)).toMatchObject({
      state: 'failed',
      rule: 'provider-failed',
      error: { code: 'UNAVAILABLE', retryable: true },
    })
    expect(await review.detail(b!.id)).toMatchObject({
      state: 'pending',
      rule: 'agent',
      error: { message: expect.stringContaining('while this reply was being sent') },
    })
    expect(await review.businessTexts(customer, client.phoneNumberId)).toEqual([])
    await review.setPolicy(client.clientId, 'auto')
  })

  it('"can I talk to a person?" is handed off with the handover message, never answered, and the bot pauses', async () => {
    const customer = '15550101008'
    const { wamid, conversationId } = await h.customerWrites(
      client.phoneNumberId,
      customer,
      text('can I talk to a person? what are your opening hours'),
    )
    const draft = await review.draftOf(wamid, (d) => d.state === 'sent')
    expect(draft).toMatchObject({ decision: 'handoff', rule: 'handoff', handoffReason: 'human' })
    expect(draft.sentText).toMatch(
      /passing this conversation to a member of the Jaspers Market team/,
    )
    const texts = await poll(async () => {
      const all = await review.businessTexts(customer, client.phoneNumberId)
      return all.length > 0 ? all : null
    }, 'the handover message')
    expect(texts).toEqual([draft.sentText])
    expect(texts.join(' ')).not.toContain(ANSWER)
    const ai = await h.ok<ConversationAi>('drafts:conversation', { conversationId })
    expect(ai.paused).toMatchObject({ kind: 'handoff', by: 'human' })
    const next = await h.customerWrites(client.phoneNumberId, customer, text('hello??'))
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect((await review.list()).items.some((d) => d.inboundWamid === next.wamid)).toBe(false)
  })
})
