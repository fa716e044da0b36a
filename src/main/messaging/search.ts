import type { ChannelParsedInput, ChannelOutput, SearchHit } from '@shared/contract'
import type { Db } from '../store/database'
import { clientCondition } from './queries'
import { displayName } from './rows'
import { flushSearchIndex } from './search-index'
import { prep } from './sql'

/**
 * Full-text search over message text (FTS5, `messages_fts`), across clients or within one.
 * The user's words are matched as prefixes, all of them (AND), accents and case ignored
 * (unicode61 remove_diacritics). Newest first: FTS5 walks its index by rowid and stops at the
 * limit, which keeps a common word fast over a million messages (bm25 ranking would score every
 * match first).
 */

const START = '\u0001'
const END = '\u0002'
const MARKERS = new RegExp(`([${START}${END}])`)

/** The user's text as an FTS5 query: each word quoted (no operators) and matched as a prefix. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 16)
  // Every word as typed, the last also as a prefix (the word being typed): a prefix term merges
  // the lists of every word it starts, which for all terms would cost time and memory.
  return words.length === 0
    ? null
    : words.map((word, i) => (i === words.length - 1 ? `"${word}"*` : `"${word}"`)).join(' ')
}

/** FTS5's snippet with our markers, as segments the renderer can show without HTML. */
export function snippetSegments(snippet: string): SearchHit['snippet'] {
  const segments: SearchHit['snippet'] = []
  let match = false
  for (const part of snippet.split(MARKERS)) {
    if (part === START) match = true
    else if (part === END) match = false
    else if (part.length > 0) segments.push({ text: part, match })
  }
  return segments
}

interface HitRecord {
  id: number
  conversation_id: number
  phone_number_id: string
  client_id: string | null
  direction: 'in' | 'out'
  type: string
  timestamp: number
  snip: string
  profile_name: string | null
  username: string | null
  wa_id: string | null
  user_id: string | null
}

export function searchMessages(
  db: Db,
  input: ChannelParsedInput<'messages:search'>,
): ChannelOutput<'messages:search'> {
  const match = ftsQuery(input.query)
  if (match === null) return { hits: [] }
  // Texts other writers added since the last ingest batch (the outbox's sends) first.
  flushSearchIndex(db)
  const client = clientCondition(db, input.clientId)
  const rows = prep<(string | number)[], HitRecord>(
    db,
    `SELECT m.id, m.conversation_id, c.phone_number_id, m.direction, m.type, m.timestamp,
       snippet(messages_fts, 0, '${START}', '${END}', '…', 16) AS snip,
       k.profile_name, k.username, k.wa_id, k.user_id,
       (SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
        ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1) AS client_id
     FROM messages_fts
     JOIN messages m ON m.id = messages_fts.rowid
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE messages_fts MATCH ?${client.sql}
     ORDER BY messages_fts.rowid DESC LIMIT ?`,
  ).all(match, ...client.params, input.limit ?? 50)
  return {
    hits: rows.map((row) => ({
      messageId: row.id,
      conversationId: row.conversation_id,
      clientId: row.client_id,
      phoneNumberId: row.phone_number_id,
      contactName: displayName(row),
      direction: row.direction,
      type: row.type,
      timestamp: new Date(row.timestamp).toISOString(),
      snippet: snippetSegments(row.snip),
    })),
  }
}

export function listUnassigned(db: Db, limit: number): ChannelOutput<'messaging:unassigned'> {
  const numbers = prep<
    [number],
    {
      phone_number_id: string
      display_phone_number: string | null
      conversations: number
      messages: number
      last_message_at: number
    }
  >(
    db,
    `SELECT c.phone_number_id, max(c.display_phone_number) AS display_phone_number,
       count(*) AS conversations,
       sum((SELECT count(*) FROM messages WHERE conversation_id = c.id)) AS messages,
       max(c.last_message_at) AS last_message_at
     FROM conversations c
     WHERE c.phone_number_id NOT IN (SELECT phone_number_id FROM clients WHERE phone_number_id IS NOT NULL)
     GROUP BY c.phone_number_id ORDER BY last_message_at DESC LIMIT ?`,
  ).all(limit)
  const events = prep<
    [number],
    {
      id: number
      kind: string
      reason: string | null
      phone_number_id: string | null
      waba_id: string | null
      field: string | null
      raw: string | null
      event_seq: number | null
      received_at: number
    }
  >(
    db,
    `SELECT id, kind, reason, phone_number_id, waba_id, field, raw, event_seq, received_at
     FROM webhook_updates u
     WHERE applied = 0 AND (reason IS NOT NULL OR kind IN ('unknown', 'malformed') OR (
       (u.waba_id IS NULL OR u.waba_id NOT IN (SELECT waba_id FROM clients)) AND
       (u.phone_number_id IS NULL OR u.phone_number_id NOT IN
         (SELECT phone_number_id FROM clients WHERE phone_number_id IS NOT NULL))))
     ORDER BY received_at DESC, id DESC LIMIT ?`,
  ).all(limit)
  return {
    numbers: numbers.map((n) => ({
      phoneNumberId: n.phone_number_id,
      displayPhoneNumber: n.display_phone_number,
      conversations: n.conversations,
      messages: n.messages,
      lastMessageAt: n.last_message_at ? new Date(n.last_message_at).toISOString() : null,
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      reason: e.reason ?? 'no onboarded client owns this WABA or number',
      phoneNumberId: e.phone_number_id,
      wabaId: e.waba_id,
      field: e.field,
      raw: e.raw === null ? null : (JSON.parse(e.raw) as unknown),
      eventSeq: e.event_seq,
      receivedAt: new Date(e.received_at).toISOString(),
    })),
  }
}
