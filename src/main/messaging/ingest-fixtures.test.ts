import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import echoes from '@shared/whatsapp/fixtures/message-echoes.json'
import identity from '@shared/whatsapp/fixtures/identity.json'
import inbound from '@shared/whatsapp/fixtures/inbound-messages.json'
import management from '@shared/whatsapp/fixtures/management.json'
import statuses from '@shared/whatsapp/fixtures/statuses.json'
import valueErrors from '@shared/whatsapp/fixtures/value-errors.json'
import { normaliseWebhook } from '@shared/whatsapp/normalise'
import type {
  InboundMessageUpdate,
  MessageEchoUpdate,
  StatusUpdate,
} from '@shared/whatsapp/normalise'
import { foldStatuses } from '@shared/whatsapp/status-rules'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { conversationInspectRows, messageInspectRows } from './inspect'
import { messagingSnapshot } from './test-snapshot'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const all = { ...inbound, ...statuses, ...echoes, ...identity, ...management, ...valueErrors }

/** Seeded shuffle (mulberry32), so a failure names the seed that reproduces it. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed
  const random = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('webhook → relay store → messaging tables → inspect, fixture by fixture', () => {
  let h: MessagingHarness
  beforeEach(() => {
    h = messagingHarness()
  })
  afterEach(() => h.close())
  const inspectRows = () => messageInspectRows(h.db, { dataDir: h.dir, file: '', limit: 10_000 })

  it.each(Object.entries({ ...inbound, ...identity }))('inbound %s', (_name, body) => {
    h.deliver(body)
    const messages = normaliseWebhook(body).filter(
      (u): u is InboundMessageUpdate => u.kind === 'message',
    )
    expect(messages.length).toBeGreaterThan(0)
    const rows = inspectRows()
    for (const message of messages) {
      const row = rows.find((r) => r.id === message.wamid)
      expect(row, message.wamid).toBeDefined()
      const changed =
        message.system?.type === 'user_changed_number' ||
        message.system?.type === 'user_changed_user_id'
      expect(row).toMatchObject({
        direction: 'in',
        type: message.type,
        phone_number_id: message.business.phoneNumberId,
        timestamp: iso(message.timestampMs),
        status: 'received',
        text: message.text,
        media_id: message.media?.id ?? null,
        mime_type: message.media?.mimeType ?? null,
        latitude: message.location?.latitude ?? null,
        longitude: message.location?.longitude ?? null,
        emoji: message.reaction ? message.reaction.emoji : null,
        reaction_to: message.reaction?.messageId ?? null,
        reply_to: message.context?.messageId ?? null,
        error_code: message.errors[0]?.code ?? null,
        source: 'webhook',
      })
      // The contact is the wa_id Meta reports (the new one after a number change), else the BSUID.
      const expectedContact = changed
        ? (message.system!.newWaId ?? message.from.waId ?? message.system!.newUserId)
        : (message.from.waId ?? message.from.userId)
      expect(row!.contact).toBe(expectedContact)
    }
    const conversations = conversationInspectRows(h.db, { dataDir: h.dir, file: '', limit: 100 })
    expect(conversations.length).toBeGreaterThan(0)
    for (const conversation of conversations) expect(conversation.client_id).toBeNull()
  })

  it.each(Object.entries(statuses))('status %s', (_name, body) => {
    h.deliver(body)
    const updates = normaliseWebhook(body).filter((u): u is StatusUpdate => u.kind === 'status')
    const rows = inspectRows()
    for (const wamid of new Set(updates.map((u) => u.wamid))) {
      const state = foldStatuses(updates.filter((u) => u.wamid === wamid))!
      const row = rows.find((r) => r.id === wamid)
      expect(row).toMatchObject({
        direction: 'out',
        type: 'unknown',
        source: 'status',
        status: state.status,
        sent_at: iso(state.times.sent ?? null),
        delivered_at: iso(state.times.delivered ?? null),
        read_at: iso(state.times.read ?? null),
        played_at: iso(state.times.played ?? null),
        failed_at: iso(state.times.failed ?? null),
        error_code: state.failure?.[0]?.code ?? null,
      })
      const recipient = updates.find((u) => u.wamid === wamid)!.recipient
      expect(row!.contact).toBe(recipient.waId ?? recipient.userId)
    }
  })

  it.each(Object.entries(echoes))('echo %s', (_name, body) => {
    h.deliver(body)
    const rows = inspectRows()
    const updates = normaliseWebhook(body).filter(
      (u): u is MessageEchoUpdate => u.kind === 'message_echo',
    )
    expect(updates.length).toBeGreaterThan(0)
    for (const echo of updates) {
      expect(rows.find((r) => r.id === echo.wamid)).toMatchObject({
        direction: 'out',
        source: 'echo',
        type: echo.type,
        text: echo.text,
        media_id: echo.media?.id ?? null,
        contact: echo.to.waId ?? echo.to.userId,
        timestamp: iso(echo.timestampMs),
      })
    }
  })

  it.each(Object.entries({ ...management, ...valueErrors }))('kept raw: %s', (_name, body) => {
    h.deliver(body)
    const updates = normaliseWebhook(body).filter((u) => u.kind !== 'message')
    const kept = h.db
      .prepare<[], { kind: string; raw: string }>('SELECT kind, raw FROM webhook_updates')
      .all()
    expect(kept.map((k) => k.kind).sort()).toEqual(updates.map((u) => u.kind).sort())
    for (const update of updates)
      expect(kept.map((k) => JSON.parse(k.raw) as unknown)).toContainEqual(update.raw)
    // No client owns these WABAs: every one is listed as unassigned.
    expect(h.messaging.unassigned(100).events).toHaveLength(updates.length)
    // A message beside a value error (131000) still reaches its conversation.
    const messages = normaliseWebhook(body).filter((u) => u.kind === 'message')
    expect(h.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({
      n: messages.length,
    })
  })
})

describe('order and repetition', () => {
  it('delivering every fixture three times in shuffled order gives the same final state', () => {
    const bodies = Object.values(all)
    const reference = messagingHarness()
    reference.deliver(...bodies)
    const expected = messagingSnapshot(reference.db)
    reference.close()
    expect(expected.messages.length).toBeGreaterThan(40)
    for (const seed of [1, 2, 3, 4, 5]) {
      const h = messagingHarness()
      const thrice = shuffled([...bodies, ...bodies, ...bodies], seed)
      // In batches of various sizes, as a relay would hand them over.
      for (let i = 0; i < thrice.length; i += seed * 7) h.deliver(...thrice.slice(i, i + seed * 7))
      expect(messagingSnapshot(h.db), `seed ${seed}`).toEqual(expected)
      h.close()
    }
  })

  it('applies a 1,000-update batch: every message, one push per kind, unread counted', () => {
    const h = messagingHarness()
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      from: `1555000${String(i % 100).padStart(4, '0')}`,
      id: `wamid.batch.${i}`,
      timestamp: String(1_767_000_000 + i),
      type: 'text',
      text: { body: `message number ${i}` },
    }))
    h.deliver({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'waba-1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550001111', phone_number_id: 'pn-batch' },
                messages,
              },
            },
          ],
        },
      ],
    })
    expect(h.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 1000 })
    const page = h.messaging.listConversations({ limit: 500 })
    expect(page.items).toHaveLength(100)
    expect(page.items.every((c) => c.unreadCount === 10)).toBe(true)
    expect(page.items[0]!.lastMessage!.text).toBe('message number 999')
    const received = h.pushed.filter((p) => p.event === 'messages:received')
    expect(received).toHaveLength(1)
    expect((received[0]!.payload as { messages: unknown[] }).messages).toHaveLength(1000)
    const changed = h.pushed.find((p) => p.event === 'conversations:changed')!.payload as {
      conversationIds: number[]
    }
    expect(changed.conversationIds).toHaveLength(100)
    expect(h.messaging.search({ query: 'number 999' }).hits.map((hit) => hit.messageId)).toEqual([
      h.messaging.listMessages({ conversationId: page.items[0]!.id, limit: 1 }).items[0]!.id,
    ])
    h.close()
  })
})
