import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Analytics (issue #11): daily rollups kept as messages change, and the partner's rate card.
 *
 * - `messages.origin`: who wrote an outbound message — `agent` (the composer), `ai-auto` (an AI
 *   reply sent without review), `ai-approved` (an AI draft sent unchanged), `ai-edited` (an AI
 *   draft an agent changed), `api` (automation in this app). NULL for inbound rows and for rows
 *   that came by webhook; analytics read NULL by source: outbox → agent, echo (the WhatsApp
 *   Business app) → business-app, status (another tool on the number) → external.
 * - `analytics_dirty`: conversations whose messages changed since the facts were last computed,
 *   from which time (the earliest message touched). Filled by the triggers below, so every writer
 *   (ingestion, the outbox, a rebuild, merges) is covered; emptied by src/main/analytics/refresh.ts
 *   in the writer's transaction (ingestion) or before the next read.
 * - `analytics_facts`: what each message counts for — its UTC day, number, direction, origin,
 *   delivery flags, failure code, template, recipient country, Meta's pricing, and, for a reply,
 *   the response time. One row per message; a status that changes a message rewrites its row.
 * - `analytics_daily*`: rollups per UTC day and business number (the client is whoever owns the
 *   number now, as for conversations). Kept by triggers on `analytics_facts`: each change takes the
 *   old row's contribution off and adds the new one's, so the rollups are always the sum over the
 *   facts, whatever the order or repetition of the webhooks that produced them.
 * - `analytics_rate_card` + `analytics_rates`: the imported rate card (one), rates in millionths
 *   of the card's currency per market (an ISO country or a Meta market name) and category.
 */

export type Row = 'new' | 'old'

/** The statements adding (`sign` 1) or taking off (-1) one facts row's contribution. */
export function contribution(r: Row, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-'
  return `
    INSERT INTO analytics_daily (day, phone_number_id, messages_in, messages_out, accepted,
        delivered, read, failed)
      VALUES (${r}.day, ${r}.phone_number_id, ${s}(${r}.direction = 'in'),
        ${s}(${r}.direction = 'out'), ${s}${r}.accepted, ${s}${r}.delivered, ${s}${r}.read,
        ${s}${r}.failed)
      ON CONFLICT (day, phone_number_id) DO UPDATE SET
        messages_in = messages_in + excluded.messages_in,
        messages_out = messages_out + excluded.messages_out,
        accepted = accepted + excluded.accepted, delivered = delivered + excluded.delivered,
        read = read + excluded.read, failed = failed + excluded.failed;
    INSERT INTO analytics_daily_origins (day, phone_number_id, origin, n)
      SELECT ${r}.day, ${r}.phone_number_id, ${r}.origin, ${s}1 WHERE ${r}.direction = 'out'
      ON CONFLICT (day, phone_number_id, origin) DO UPDATE SET n = n + excluded.n;
    INSERT INTO analytics_daily_failures (day, phone_number_id, error_code, n)
      SELECT ${r}.day, ${r}.phone_number_id, coalesce(${r}.error_code, -1), ${s}1
        WHERE ${r}.failed = 1
      ON CONFLICT (day, phone_number_id, error_code) DO UPDATE SET n = n + excluded.n;
    INSERT INTO analytics_daily_templates (day, phone_number_id, name, language, sent, delivered,
        read, failed)
      SELECT ${r}.day, ${r}.phone_number_id, ${r}.template, coalesce(${r}.template_language, ''),
          ${s}${r}.accepted, ${s}${r}.delivered, ${s}${r}.read, ${s}${r}.failed
        WHERE ${r}.template IS NOT NULL
      ON CONFLICT (day, phone_number_id, name, language) DO UPDATE SET
        sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
        read = read + excluded.read, failed = failed + excluded.failed;
    INSERT INTO analytics_daily_pricing (day, phone_number_id, country, category, pricing_type,
        charged, n)
      SELECT ${r}.day, ${r}.phone_number_id, coalesce(${r}.country, ''),
          coalesce(${r}.pricing_category, ''), coalesce(${r}.pricing_type, ''), ${r}.charged,
          ${s}1
        WHERE ${r}.pricing_category IS NOT NULL OR ${r}.pricing_type IS NOT NULL
      ON CONFLICT (day, phone_number_id, country, category, pricing_type, charged)
        DO UPDATE SET n = n + excluded.n;
    INSERT INTO analytics_daily_responses (day, phone_number_id, origin, first, bucket, n,
        total_ms)
      SELECT ${r}.day, ${r}.phone_number_id, ${r}.origin, ${r}.first_response,
          ${r}.response_bucket, ${s}1, ${s}${r}.response_ms
        WHERE ${r}.response_ms IS NOT NULL
      ON CONFLICT (day, phone_number_id, origin, first, bucket) DO UPDATE SET
        n = n + excluded.n, total_ms = total_ms + excluded.total_ms;`
}

/** Marks a conversation dirty from a time (keeping the earliest). */
const dirty = (conversation: string, fromMs: string, where = '') => `
    INSERT INTO analytics_dirty (conversation_id, from_ms) SELECT ${conversation}, ${fromMs}
      ${where || 'WHERE true'}
      ON CONFLICT (conversation_id) DO UPDATE SET from_ms = min(from_ms, excluded.from_ms);`

/** Message columns the facts are computed from. */
export const FACT_COLUMNS = [
  'conversation_id',
  'timestamp',
  'direction',
  'source',
  'type',
  'status',
  'status_state',
  'error_code',
  'details',
  'origin',
  'wamid',
  'delivered_at',
  'read_at',
]

export const migration0008: Migration = {
  id: 8,
  name: 'analytics',
  sql: `
    ALTER TABLE messages ADD COLUMN origin TEXT CHECK (origin IS NULL OR origin IN
      ('agent', 'ai-auto', 'ai-approved', 'ai-edited', 'api'));

    CREATE TABLE analytics_dirty (
      conversation_id INTEGER PRIMARY KEY,
      from_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE analytics_facts (
      message_id INTEGER PRIMARY KEY,
      conversation_id INTEGER NOT NULL,
      timestamp INTEGER NOT NULL,
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      origin TEXT,
      accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
      delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
      read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
      failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),
      error_code INTEGER,
      template TEXT,
      template_language TEXT,
      country TEXT,
      pricing_category TEXT,
      pricing_type TEXT,
      charged INTEGER NOT NULL DEFAULT 0 CHECK (charged IN (0, 1)),
      response_ms INTEGER,
      response_bucket INTEGER,
      first_response INTEGER NOT NULL DEFAULT 0 CHECK (first_response IN (0, 1))
    ) STRICT;
    CREATE INDEX analytics_facts_by_conversation
      ON analytics_facts (conversation_id, timestamp, message_id);

    CREATE TABLE analytics_daily (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      messages_in INTEGER NOT NULL,
      messages_out INTEGER NOT NULL,
      accepted INTEGER NOT NULL,
      delivered INTEGER NOT NULL,
      read INTEGER NOT NULL,
      failed INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE analytics_daily_origins (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id, origin)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE analytics_daily_failures (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      error_code INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id, error_code)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE analytics_daily_templates (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      sent INTEGER NOT NULL,
      delivered INTEGER NOT NULL,
      read INTEGER NOT NULL,
      failed INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id, name, language)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE analytics_daily_pricing (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      country TEXT NOT NULL,
      category TEXT NOT NULL,
      pricing_type TEXT NOT NULL,
      charged INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id, country, category, pricing_type, charged)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE analytics_daily_responses (
      day TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      first INTEGER NOT NULL,
      bucket INTEGER NOT NULL,
      n INTEGER NOT NULL,
      total_ms INTEGER NOT NULL,
      PRIMARY KEY (day, phone_number_id, origin, first, bucket)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER analytics_facts_insert AFTER INSERT ON analytics_facts BEGIN
      ${contribution('new', 1)}
    END;
    CREATE TRIGGER analytics_facts_delete AFTER DELETE ON analytics_facts BEGIN
      ${contribution('old', -1)}
    END;
    CREATE TRIGGER analytics_facts_update AFTER UPDATE ON analytics_facts BEGIN
      ${contribution('old', -1)}
      ${contribution('new', 1)}
    END;

    CREATE TRIGGER analytics_messages_insert AFTER INSERT ON messages BEGIN
      ${dirty('new.conversation_id', 'new.timestamp')}
    END;
    CREATE TRIGGER analytics_messages_update AFTER UPDATE ON messages
      WHEN ${FACT_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
      ${dirty('new.conversation_id', 'min(old.timestamp, new.timestamp)')}
      ${dirty('old.conversation_id', 'old.timestamp', 'WHERE old.conversation_id <> new.conversation_id')}
    END;
    CREATE TRIGGER analytics_messages_delete AFTER DELETE ON messages BEGIN
      ${dirty('old.conversation_id', 'old.timestamp')}
    END;
    CREATE TRIGGER analytics_conversations_update AFTER UPDATE OF contact_id, phone_number_id
      ON conversations
      WHEN old.contact_id IS NOT new.contact_id OR old.phone_number_id IS NOT new.phone_number_id
      BEGIN
      ${dirty('new.id', '0')}
    END;
    CREATE TRIGGER analytics_contacts_update AFTER UPDATE OF wa_id ON contacts
      WHEN old.wa_id IS NOT new.wa_id BEGIN
      INSERT INTO analytics_dirty (conversation_id, from_ms)
        SELECT id, 0 FROM conversations WHERE contact_id = new.id
        ON CONFLICT (conversation_id) DO UPDATE SET from_ms = 0;
    END;
    INSERT INTO analytics_dirty (conversation_id, from_ms) SELECT id, 0 FROM conversations;

    CREATE TABLE analytics_rate_card (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      currency TEXT NOT NULL,
      file_name TEXT,
      imported_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE analytics_rates (
      market TEXT NOT NULL,
      category TEXT NOT NULL,
      rate_micros INTEGER NOT NULL CHECK (rate_micros >= 0),
      PRIMARY KEY (market, category)
    ) STRICT, WITHOUT ROWID;
  `,
}
