import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody, statusBody } from '../test-support/webhook-bodies'
import { ftsQuery } from './search'

const T = 1_767_200_000
const pnA = { phoneNumberId: 'pn-a', wabaId: 'waba-a' }
const pnB = { phoneNumberId: 'pn-b', wabaId: 'waba-b' }
const customer = (i: number) => ({
  waId: `1555100${String(i).padStart(4, '0')}`,
  name: `Customer ${i}`,
})

describe('reading conversations and messages', () => {
  let h: MessagingHarness
  beforeEach(() => {
    h = messagingHarness()
    h.addClient('client-a', 'waba-a', 'pn-a', 'Acme')
    h.addClient('client-b', 'waba-b', 'pn-b', 'Bravo')
  })
  afterEach(() => h.close())

  it('pages the conversation list by cursor, newest first or unread first, with nothing twice', () => {
    for (let i = 0; i < 23; i++)
      h.deliver(inboundBody(i % 2 ? pnA : pnB, customer(i), { id: `w.${i}`, at: T + i }))
    for (let i = 0; i < 23; i += 3) {
      const id = h.messaging
        .listConversations({ query: `Customer ${i}` })
        .items.find((c) => c.contact.displayName === `Customer ${i}`)!.id
      h.messaging.markRead(id)
    }
    const walk = (input: { unreadFirst?: boolean; clientId?: string }) => {
      const seen: { id: number; unread: number; at: string | null }[] = []
      let cursor: string | undefined
      do {
        const page = h.messaging.listConversations({
          ...input,
          limit: 5,
          ...(cursor ? { cursor } : {}),
        })
        seen.push(
          ...page.items.map((c) => ({ id: c.id, unread: c.unreadCount, at: c.lastMessageAt })),
        )
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return seen
    }
    const newest = walk({})
    expect(newest).toHaveLength(23)
    expect(new Set(newest.map((c) => c.id)).size).toBe(23)
    expect(newest.map((c) => c.at)).toEqual([...newest.map((c) => c.at)].sort().reverse())
    const unreadFirst = walk({ unreadFirst: true })
    expect(unreadFirst).toHaveLength(23)
    const firstRead = unreadFirst.findIndex((c) => c.unread === 0)
    expect(firstRead).toBe(23 - 8)
    expect(unreadFirst.slice(firstRead).every((c) => c.unread === 0)).toBe(true)
    expect(walk({ clientId: 'client-a' })).toHaveLength(11)
    expect(() => h.messaging.listConversations({ cursor: 'bogus' })).toThrow(/cursor/)
    expect(() => h.messaging.listConversations({ clientId: 'nope' })).toThrow(/No client nope/)
  })

  it('marks a conversation read: unread to 0, inbound messages read, a newer message unread again', () => {
    h.deliver(inboundBody(pnA, customer(1), { id: 'w.1', at: T }))
    h.deliver(inboundBody(pnA, customer(1), { id: 'w.2', at: T + 1 }))
    const [conversation] = h.messaging.listConversations({}).items
    expect(conversation!.unreadCount).toBe(2)
    h.pushed.length = 0
    expect(h.messaging.markRead(conversation!.id)).toMatchObject({
      unreadCount: 0,
      lastMessage: { status: 'read' },
    })
    expect(h.pushed).toEqual([
      {
        event: 'conversations:changed',
        payload: { conversationIds: [conversation!.id], removed: [] },
      },
    ])
    h.deliver(inboundBody(pnA, customer(1), { id: 'w.3', at: T + 2 }))
    const page = h.messaging.listMessages({ conversationId: conversation!.id })
    expect(page.items.map((m) => m.status)).toEqual(['read', 'read', 'received'])
    expect(h.messaging.getConversation(conversation!.id)).toMatchObject({
      unreadCount: 1,
      messageCount: 3,
    })
  })

  it('pages a thread backwards, oldest first within a page, with quoted messages and reactions', () => {
    for (let i = 0; i < 12; i++)
      h.deliver(inboundBody(pnA, customer(1), { id: `w.${i}`, at: T + i, text: `n${i}` }))
    h.deliver(
      inboundBody(pnA, customer(1), {
        id: 'w.reply',
        at: T + 20,
        text: 'about that',
        context: { from: '15550001111', id: 'w.3' },
      }),
    )
    h.deliver(
      inboundBody(pnA, customer(1), {
        id: 'w.r1',
        at: T + 21,
        type: 'reaction',
        content: { reaction: { message_id: 'w.3', emoji: '👍' } },
      }),
    )
    h.deliver(
      inboundBody(pnA, customer(1), {
        id: 'w.r2',
        at: T + 22,
        type: 'reaction',
        content: { reaction: { message_id: 'w.3', emoji: '❤️' } },
      }),
    )
    h.deliver(
      inboundBody(pnA, customer(1), {
        id: 'w.r3',
        at: T + 23,
        type: 'reaction',
        content: { reaction: { message_id: 'w.4', emoji: '😮' } },
      }),
    )
    h.deliver(
      inboundBody(pnA, customer(1), {
        id: 'w.r4',
        at: T + 24,
        type: 'reaction',
        content: { reaction: { message_id: 'w.4' } },
      }),
    )
    const [conversation] = h.messaging.listConversations({}).items
    // Reactions do not count as unread.
    expect(conversation!.unreadCount).toBe(13)
    const first = h.messaging.listMessages({ conversationId: conversation!.id, limit: 6 })
    expect(first.items.map((m) => m.wamid)).toEqual(
      ['w.10', 'w.11', 'w.reply', 'w.r1', 'w.r2', 'w.r3', 'w.r4'].slice(1),
    )
    const reply = first.items.find((m) => m.wamid === 'w.reply')!
    expect(reply.quoted).toMatchObject({ wamid: 'w.3', text: 'n3', direction: 'in' })
    const older = h.messaging.listMessages({
      conversationId: conversation!.id,
      limit: 6,
      before: first.nextBefore!,
    })
    expect(older.items.map((m) => m.wamid)).toEqual(['w.5', 'w.6', 'w.7', 'w.8', 'w.9', 'w.10'])
    const oldest = h.messaging.listMessages({
      conversationId: conversation!.id,
      limit: 6,
      before: older.nextBefore!,
    })
    expect(oldest.items.map((m) => m.wamid)).toEqual(['w.0', 'w.1', 'w.2', 'w.3', 'w.4'])
    expect(oldest.nextBefore).toBeNull()
    const [w3, w4] = h.messaging.getMessages(oldest.items.slice(3).map((m) => m.id))
    // The contact's latest reaction to w.3 replaced the first; the one to w.4 was removed.
    expect(w3!.reactions).toEqual([{ direction: 'in', emoji: '❤️' }])
    expect(w4!.reactions).toEqual([])
  })

  it('searches message text across clients or within one: accents, case and word prefixes', () => {
    h.deliver(
      inboundBody(pnA, customer(1), { id: 'w.a', at: T, text: 'Qual é o PREÇO da entrega?' }),
    )
    h.deliver(inboundBody(pnB, customer(2), { id: 'w.b', at: T + 1, text: 'o preco subiu' }))
    h.deliver(inboundBody(pnB, customer(2), { id: 'w.c', at: T + 2, text: 'nothing to see' }))
    const all = h.messaging.search({ query: 'preco' }).hits
    expect(all.map((hit) => [hit.clientId, hit.contactName])).toEqual([
      ['client-b', 'Customer 2'],
      ['client-a', 'Customer 1'],
    ])
    expect(all[1]!.snippet).toEqual([
      { text: 'Qual é o ', match: false },
      { text: 'PREÇO', match: true },
      { text: ' da entrega?', match: false },
    ])
    // Words as typed, the last one also as a prefix (the word being typed).
    expect(h.messaging.search({ query: 'preço entr' }).hits.map((hit) => hit.clientId)).toEqual([
      'client-a',
    ])
    expect(h.messaging.search({ query: 'qual preç' }).hits.map((hit) => hit.clientId)).toEqual([
      'client-a',
    ])
    expect(h.messaging.search({ query: 'preç qual' }).hits).toEqual([])
    expect(h.messaging.search({ query: 'preco', clientId: 'client-b' }).hits).toHaveLength(1)
    // Operators and quotes in the query are words, never FTS syntax errors.
    expect(h.messaging.search({ query: '"preço" OR NEAR(' }).hits).toEqual([])
    expect(h.messaging.search({ query: '*** ---' }).hits).toEqual([])
    expect(ftsQuery('a "b" c*')).toBe('"a" "b" "c"*')
  })

  it('refreshes bubbles by id after a status change', () => {
    h.deliver(statusBody(pnA, customer(1), { id: 'w.out', status: 'sent', at: T }))
    h.pushed.length = 0
    h.deliver(statusBody(pnA, customer(1), { id: 'w.out', status: 'read', at: T + 5 }))
    const pushed = h.pushed.find((p) => p.event === 'messages:status-changed')!.payload as {
      messages: { messageId: number; status: string }[]
    }
    expect(pushed.messages).toEqual([expect.objectContaining({ status: 'read', wamid: 'w.out' })])
    expect(h.messaging.getMessages([pushed.messages[0]!.messageId])[0]).toMatchObject({
      status: 'read',
      statusTimes: {
        sent: new Date(T * 1000).toISOString(),
        read: new Date((T + 5) * 1000).toISOString(),
      },
    })
    // A repeat changes nothing and pushes nothing about the message.
    h.pushed.length = 0
    h.deliver(statusBody(pnA, customer(1), { id: 'w.out', status: 'read', at: T + 5 }))
    expect(h.pushed.filter((p) => p.event === 'messages:status-changed')).toEqual([])
  })
})
