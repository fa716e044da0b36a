import type {
  ConversationDetail,
  ConversationRow,
  MessageRow,
  SearchHit,
} from '@shared/contract/messaging'

/** Fixture rows in the contract's shapes (the fake api parses every one with its schema). */

const HOUR = 3_600_000

export function conversationRow(overrides: Partial<ConversationRow> = {}): ConversationRow {
  const lastMessageAt = overrides.lastMessageAt ?? '2026-03-02T10:00:00.000Z'
  return {
    id: 1,
    clientId: 'c-1',
    clientName: 'Jaspers Market',
    phoneNumberId: '106540352242922',
    displayPhoneNumber: '+1 555-0142',
    contact: {
      id: 1,
      waId: '16505551234',
      userId: null,
      profileName: 'Sheena Nelson',
      username: null,
      displayName: 'Sheena Nelson',
    },
    unreadCount: 0,
    lastMessage: {
      id: 10,
      direction: 'in',
      type: 'text',
      text: 'Do you have the bikes in blue?',
      status: 'received',
      timestamp: lastMessageAt,
    },
    lastMessageAt,
    lastInboundAt: lastMessageAt,
    windowEndsAt: new Date(Date.parse(lastMessageAt) + 24 * HOUR).toISOString(),
    freeEntryEndsAt: null,
    ...overrides,
  }
}

export function conversationDetail(
  overrides: Partial<ConversationDetail> = {},
): ConversationDetail {
  return {
    ...conversationRow(overrides),
    contactAliases: [{ key: 'wa:16505551234', retiredAt: null }],
    messageCount: 2,
    ...overrides,
  }
}

/** A contact with the given id and name (the list shows `displayName`). */
export function contact(id: number, name: string, waId = `1650555${String(id).padStart(4, '0')}`) {
  return { id, waId, userId: null, profileName: name, username: null, displayName: name }
}

export function messageRow(overrides: Partial<MessageRow> = {}): MessageRow {
  const direction = overrides.direction ?? 'in'
  return {
    id: 10,
    wamid: `wamid.${overrides.id ?? 10}`,
    conversationId: 1,
    direction,
    source: direction === 'in' ? 'webhook' : 'outbox',
    type: 'text',
    text: 'Do you have the bikes in blue?',
    timestamp: '2026-03-02T10:00:00.000Z',
    status: direction === 'in' ? 'received' : 'sent',
    statusTimes: {},
    error: null,
    failureSuperseded: false,
    media: null,
    location: null,
    reaction: null,
    replyTo: null,
    quoted: null,
    forwarded: false,
    reactions: [],
    details: {},
    outboxId: null,
    ...overrides,
  }
}

export function searchHit(overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    messageId: 10,
    conversationId: 1,
    clientId: 'c-1',
    phoneNumberId: '106540352242922',
    contactName: 'Sheena Nelson',
    direction: 'in',
    type: 'text',
    timestamp: '2026-03-02T10:00:00.000Z',
    snippet: [
      { text: 'Do you have the ', match: false },
      { text: 'bikes', match: true },
      { text: ' in blue?', match: false },
    ],
    ...overrides,
  }
}
