import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { echoBody, inboundBody, statusBody } from '../test-support/webhook-bodies'

const T = 1_767_200_000 // Meta's seconds
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
const pn = { phoneNumberId: 'pn-1', wabaId: 'waba-1' }

describe('identity, foreign statuses and unassigned numbers', () => {
  let h: MessagingHarness
  beforeEach(() => {
    h = messagingHarness()
  })
  afterEach(() => h.close())
  const list = () => h.messaging.listConversations({}).items
  const thread = (conversationId: number) =>
    h.messaging.listMessages({ conversationId, limit: 500 }).items

  it('resolves a Brazilian mobile with and without the ninth digit to one contact', () => {
    h.deliver(inboundBody(pn, { waId: '5511987654321' }, { id: 'w.br.1', at: T, text: 'com 9' }))
    h.deliver(
      statusBody(pn, { waId: '551187654321' }, { id: 'w.br.out', status: 'sent', at: T + 5 }),
    )
    h.deliver(inboundBody(pn, { waId: '551187654321' }, { id: 'w.br.2', at: T + 9, text: 'sem 9' }))
    const [conversation, ...others] = list()
    expect(others).toEqual([])
    expect(thread(conversation!.id).map((m) => m.wamid)).toEqual(['w.br.1', 'w.br.out', 'w.br.2'])
    // The shown number is the one Meta reported last; a landline is never merged with a mobile.
    expect(conversation!.contact.waId).toBe('551187654321')
    h.deliver(inboundBody(pn, { waId: '551132654321' }, { id: 'w.br.land', at: T + 10 }))
    expect(list()).toHaveLength(2)
  })

  it('gives a batch naming one customer many times the state its webhooks give one at a time', () => {
    const bodies = [
      inboundBody(pn, { waId: '15550001111', name: 'Ana C' }, { id: 'w.c.3', at: T + 3 }),
      inboundBody(pn, { waId: '15550001111', name: 'Ana A' }, { id: 'w.c.1', at: T + 1 }),
      statusBody(pn, { userId: 'US.7' }, { id: 'w.c.out', status: 'sent', at: T + 2 }),
      // Names both ids: the BSUID's contact merges into the wa_id's in the middle of the batch.
      inboundBody(
        pn,
        { waId: '15550001111', userId: 'US.7', name: 'Ana B' },
        { id: 'w.c.2', at: T + 2 },
      ),
      inboundBody(pn, { userId: 'US.7', name: 'Ana D' }, { id: 'w.c.4', at: T + 4 }),
    ]
    const shown = (harness: MessagingHarness) =>
      harness.messaging.listConversations({}).items.map((c) => ({
        contact: c.contact,
        unread: c.unreadCount,
        last: c.lastMessage?.timestamp,
      }))
    h.deliver(...bodies)
    const alone = messagingHarness()
    try {
      for (const body of bodies) alone.deliver(body)
      expect(shown(h)).toEqual(shown(alone))
    } finally {
      alone.close()
    }
    const [conversation, ...others] = list()
    expect(others).toEqual([])
    expect(conversation!.contact).toMatchObject({
      waId: '15550001111',
      userId: 'US.7',
      profileName: 'Ana D',
    })
    expect(thread(conversation!.id).map((m) => m.wamid)).toEqual([
      'w.c.1',
      'w.c.out',
      'w.c.2',
      'w.c.3',
      'w.c.4',
    ])
  })

  it('links a BSUID-only status, a wa_id-only message and a message naming both into one conversation', () => {
    h.deliver(statusBody(pn, { userId: 'US.42' }, { id: 'w.out', status: 'delivered', at: T }))
    h.deliver(inboundBody(pn, { waId: '15550009999' }, { id: 'w.in.1', at: T + 1 }))
    expect(list()).toHaveLength(2)
    h.pushed.length = 0
    h.deliver(
      inboundBody(
        pn,
        { waId: '15550009999', userId: 'US.42', name: 'Ana' },
        { id: 'w.in.2', at: T + 2 },
      ),
    )
    const [conversation, ...others] = list()
    expect(others).toEqual([])
    expect(conversation!.contact).toMatchObject({
      waId: '15550009999',
      userId: 'US.42',
      displayName: 'Ana',
    })
    expect(thread(conversation!.id).map((m) => m.wamid)).toEqual(['w.out', 'w.in.1', 'w.in.2'])
    expect(conversation!.unreadCount).toBe(2)
    // The merged-away conversation is pushed as removed, the survivor as changed.
    const changed = h.pushed.find((p) => p.event === 'conversations:changed')!.payload as {
      conversationIds: number[]
      removed: number[]
    }
    expect(changed.conversationIds).toEqual([conversation!.id])
    expect(changed.removed).toHaveLength(1)
    expect(h.messaging.getConversation(conversation!.id).contactAliases.map((a) => a.key)).toEqual([
      'user:US.42',
      'wa:15550009999',
    ])
  })

  it('keeps a conversation going through a number change, retiring the old number', () => {
    h.deliver(inboundBody(pn, { waId: '15550001000' }, { id: 'w.old', at: T }))
    h.deliver(
      inboundBody(
        pn,
        { waId: '15550001000' },
        {
          id: 'w.sys',
          at: T + 60,
          type: 'system',
          content: {
            system: { body: 'changed', wa_id: '15550002000', type: 'user_changed_number' },
          },
        },
      ),
    )
    h.deliver(inboundBody(pn, { waId: '15550002000' }, { id: 'w.new', at: T + 120 }))
    const [conversation, ...others] = list()
    expect(others).toEqual([])
    expect(conversation!.contact.waId).toBe('15550002000')
    expect(thread(conversation!.id).map((m) => m.wamid)).toEqual(['w.old', 'w.sys', 'w.new'])
    expect(h.messaging.getConversation(conversation!.id).contactAliases).toEqual([
      { key: 'wa:15550001000', retiredAt: iso(T + 60) },
      { key: 'wa:15550002000', retiredAt: null },
    ])
    // A system notice neither counts as unread nor opens the window.
    expect(conversation!.unreadCount).toBe(2)
    expect(conversation!.lastInboundAt).toBe(iso(T + 120))
  })

  it('creates the outbound row from a status of a message another tool sent; an echo fills it', () => {
    h.deliver(
      statusBody(pn, { waId: '15550003000' }, { id: 'w.foreign', status: 'read', at: T + 30 }),
    )
    h.deliver(
      statusBody(pn, { waId: '15550003000' }, { id: 'w.foreign', status: 'sent', at: T + 10 }),
    )
    const [conversation] = list()
    let [row] = thread(conversation!.id)
    expect(row).toMatchObject({
      wamid: 'w.foreign',
      direction: 'out',
      source: 'status',
      type: 'unknown',
      status: 'read',
      timestamp: iso(T + 10),
      statusTimes: { sent: iso(T + 10), read: iso(T + 30) },
    })
    // A late delivered never lowers read; the echo from the Business app gives the content.
    h.deliver(
      statusBody(pn, { waId: '15550003000' }, { id: 'w.foreign', status: 'delivered', at: T + 20 }),
    )
    h.deliver(
      echoBody(pn, '15550003000', { id: 'w.foreign', at: T + 9, text: 'sent from the phone' }),
    )
    ;[row] = thread(conversation!.id)
    expect(row).toMatchObject({
      source: 'echo',
      type: 'text',
      text: 'sent from the phone',
      status: 'read',
      timestamp: iso(T + 9),
      statusTimes: { sent: iso(T + 10), delivered: iso(T + 20), read: iso(T + 30) },
    })
  })

  it('shows a failure with Meta’s reason, and a receipt after it as delivered with the failure kept', () => {
    const error = { code: 131026, title: 'Message undeliverable', error_data: { details: 'x' } }
    h.deliver(
      statusBody(
        pn,
        { waId: '15550004000' },
        { id: 'w.f', status: 'failed', at: T, errors: [error] },
      ),
    )
    const [conversation] = list()
    expect(thread(conversation!.id)[0]).toMatchObject({
      status: 'failed',
      error: { code: 131026, title: 'Message undeliverable', details: 'x' },
      failureSuperseded: false,
    })
    h.deliver(
      statusBody(pn, { waId: '15550004000' }, { id: 'w.f', status: 'delivered', at: T + 1 }),
    )
    expect(thread(conversation!.id)[0]).toMatchObject({
      status: 'delivered',
      error: { code: 131026 },
      failureSuperseded: true,
    })
  })

  it('completes an outbox row from the status whose callback data names it (no second row)', () => {
    h.deliver(inboundBody(pn, { waId: '15550005000' }, { id: 'w.in', at: T }))
    const [conversation] = list()
    h.db
      .prepare(
        `INSERT INTO messages (conversation_id, direction, source, type, text, timestamp, status,
           outbox_id, created_at, updated_at)
         VALUES (?, 'out', 'outbox', 'text', 'queued reply', ?, 'pending', 'outbox-7', 0, 0)`,
      )
      .run(conversation!.id, (T + 5) * 1000)
    h.deliver(
      statusBody(
        pn,
        { waId: '15550005000' },
        { id: 'w.out', status: 'sent', at: T + 6, callbackData: 'outbox-7' },
      ),
    )
    const rows = thread(conversation!.id)
    expect(rows.map((m) => [m.wamid, m.source, m.status, m.outboxId])).toEqual([
      ['w.in', 'webhook', 'received', null],
      ['w.out', 'outbox', 'sent', 'outbox-7'],
    ])
  })

  it('lists a number no client owns as unassigned until a client onboards it', () => {
    h.deliver(
      inboundBody(
        { phoneNumberId: 'pn-nobody', display: '15557770000' },
        { waId: '15550006000' },
        { id: 'w.u', at: T },
      ),
    )
    expect(list()[0]).toMatchObject({ clientId: null, phoneNumberId: 'pn-nobody' })
    expect(h.messaging.unassigned(10).numbers).toEqual([
      {
        phoneNumberId: 'pn-nobody',
        displayPhoneNumber: '15557770000',
        conversations: 1,
        messages: 1,
        lastMessageAt: iso(T),
      },
    ])
    expect(h.messaging.listConversations({ clientId: 'unassigned' }).items).toHaveLength(1)
    h.addClient('client-a', 'waba-a', 'pn-nobody', 'Acme')
    expect(list()[0]).toMatchObject({ clientId: 'client-a', clientName: 'Acme' })
    expect(h.messaging.unassigned(10).numbers).toEqual([])
    expect(h.messaging.listConversations({ clientId: 'unassigned' }).items).toEqual([])
    expect(h.messaging.listConversations({ clientId: 'client-a' }).items).toHaveLength(1)
  })
})

describe('windows', () => {
  let h: MessagingHarness
  beforeEach(() => {
    h = messagingHarness()
  })
  afterEach(() => h.close())

  it('counts the 24 h window from Meta’s timestamp of the last inbound message', () => {
    h.deliver(inboundBody(pn, { waId: '15550007000' }, { id: 'w.2', at: T + 100 }))
    h.deliver(inboundBody(pn, { waId: '15550007000' }, { id: 'w.1', at: T }))
    const [conversation] = h.messaging.listConversations({}).items
    expect(conversation).toMatchObject({
      lastInboundAt: iso(T + 100),
      windowEndsAt: iso(T + 100 + 24 * 3600),
      freeEntryEndsAt: null,
    })
  })

  it('predicts 72 h of free entry after a reply to a Click-to-WhatsApp message; Meta’s end wins', () => {
    const referral = {
      source_type: 'ad',
      source_id: 'ad-1',
      source_url: 'https://fb.me/x',
      ctwa_clid: 'clid-1',
    }
    h.deliver(inboundBody(pn, { waId: '15550008000' }, { id: 'w.ad', at: T, referral }))
    const get = () => h.messaging.listConversations({}).items[0]!
    expect(get().freeEntryEndsAt).toBeNull()
    h.deliver(
      statusBody(pn, { waId: '15550008000' }, { id: 'w.reply', status: 'sent', at: T + 600 }),
    )
    expect(get().freeEntryEndsAt).toBe(iso(T + 600 + 72 * 3600))
    h.deliver(
      statusBody(
        pn,
        { waId: '15550008000' },
        {
          id: 'w.reply',
          status: 'delivered',
          at: T + 601,
          pricing: {
            billable: false,
            pricing_model: 'PMP',
            type: 'free_entry_point',
            category: 'service',
          },
          conversation: {
            id: 'c1',
            origin: { type: 'referral_conversion' },
            expiration_timestamp: String(T + 700 + 72 * 3600),
          },
        },
      ),
    )
    expect(get().freeEntryEndsAt).toBe(iso(T + 700 + 72 * 3600))
  })
})
