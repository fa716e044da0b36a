import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Messaging (issue #9), derived from `relay_events` (which stay the record: messaging tables can be
 * rebuilt from them, see src/main/messaging/rebuild.ts). Times are epoch ms from Meta's timestamps.
 *
 * - `contacts` + `contact_aliases`: one WhatsApp user, known by every key identity.ts gives
 *   (`user:<BSUID>`, `wa:<canonical wa_id>`); an alias `retired_at` a number or user-id change
 *   (Meta's time) matches only events from before it. The `*_at` columns keep the Meta time of the value
 *   shown, so the newest report wins whatever the arrival order.
 * - Contact and conversation ids are never reused (AUTOINCREMENT): a merged-away conversation's id
 *   is pushed as removed, and must never name a new one.
 * - `conversations`: one per business number (`phone_number_id`) and contact. The client is not
 *   stored: it is whoever owns the number in `clients` now, so a number onboarded later takes its
 *   earlier (unassigned) conversations along. `unread_count` counts inbound messages newer than
 *   `read_up_to`; `last_inbound_at` opens the 24 h window; `referral_at` (a Click-to-WhatsApp
 *   message) gives the predicted 72 h free entry point window, Meta's `free_entry_until` (from
 *   statuses) the confirmed one.
 * - `messages`: one row per wamid, inbound and outbound (`outbox_id` for rows the outbox sent,
 *   null `wamid` until Meta accepted them). Content in columns for inspect and queries, the rest
 *   in `details` (JSON), Meta's node in `raw`. `status_state` is the folded StatusState
 *   (status-rules.ts) the status columns are derived from.
 * - `messages_fts`: FTS5 over `messages.text`, kept by triggers (external content), with prefix
 *   indexes for 2–4 characters so a search as you type ("ent") stays fast.
 * - `webhook_updates`: every update that is not a message, status or echo — value errors,
 *   management changes (template status, phone quality/name, account…), unknown fields and
 *   malformed input — kept raw once (`fingerprint`), with the ids to find its client.
 */
export const migration0005: Migration = {
  id: 5,
  name: 'messaging',
  sql: `
    CREATE TABLE contacts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      wa_id TEXT,
      wa_id_at INTEGER,
      user_id TEXT,
      user_id_at INTEGER,
      parent_user_id TEXT,
      profile_name TEXT,
      profile_name_at INTEGER,
      username TEXT,
      username_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE contact_aliases (
      key TEXT PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts (id),
      retired_at INTEGER
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX contact_aliases_by_contact ON contact_aliases (contact_id);

    CREATE TABLE conversations (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      phone_number_id TEXT NOT NULL,
      display_phone_number TEXT,
      contact_id INTEGER NOT NULL REFERENCES contacts (id),
      unread_count INTEGER NOT NULL DEFAULT 0,
      has_unread INTEGER GENERATED ALWAYS AS (unread_count > 0) VIRTUAL,
      read_up_to INTEGER,
      last_message_id INTEGER,
      last_message_at INTEGER NOT NULL DEFAULT 0,
      last_inbound_at INTEGER,
      referral_at INTEGER,
      free_entry_until INTEGER,
      free_entry_predicted_until INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (phone_number_id, contact_id)
    ) STRICT;
    CREATE INDEX conversations_by_activity ON conversations (last_message_at DESC, id DESC);
    CREATE INDEX conversations_unread_first
      ON conversations (has_unread DESC, last_message_at DESC, id DESC);
    CREATE INDEX conversations_by_number
      ON conversations (phone_number_id, last_message_at DESC, id DESC);
    CREATE INDEX conversations_by_number_unread_first
      ON conversations (phone_number_id, has_unread DESC, last_message_at DESC, id DESC);
    CREATE INDEX conversations_by_contact ON conversations (contact_id);

    CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      wamid TEXT UNIQUE,
      conversation_id INTEGER NOT NULL REFERENCES conversations (id),
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      source TEXT NOT NULL CHECK (source IN ('webhook', 'echo', 'status', 'outbox')),
      type TEXT NOT NULL,
      text TEXT,
      media_id TEXT,
      media_url TEXT,
      mime_type TEXT,
      media_sha256 TEXT,
      media_filename TEXT,
      latitude REAL,
      longitude REAL,
      reaction_to TEXT,
      emoji TEXT,
      reply_to TEXT,
      forwarded INTEGER NOT NULL DEFAULT 0 CHECK (forwarded IN (0, 1)),
      details TEXT NOT NULL DEFAULT '{}',
      timestamp INTEGER NOT NULL,
      status TEXT NOT NULL,
      sent_at INTEGER,
      delivered_at INTEGER,
      read_at INTEGER,
      played_at INTEGER,
      failed_at INTEGER,
      status_state TEXT,
      error_code INTEGER,
      error_title TEXT,
      error_message TEXT,
      error_details TEXT,
      failure_superseded INTEGER NOT NULL DEFAULT 0 CHECK (failure_superseded IN (0, 1)),
      biz_opaque_callback_data TEXT,
      outbox_id TEXT,
      raw TEXT,
      event_seq INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, timestamp DESC, id DESC);
    CREATE INDEX messages_by_time ON messages (timestamp, id);
    CREATE INDEX messages_by_reaction_target ON messages (reaction_to) WHERE reaction_to IS NOT NULL;
    CREATE INDEX messages_by_outbox ON messages (outbox_id) WHERE outbox_id IS NOT NULL;
    CREATE INDEX messages_by_callback_data ON messages (biz_opaque_callback_data)
      WHERE biz_opaque_callback_data IS NOT NULL;

    CREATE VIRTUAL TABLE messages_fts USING fts5 (
      text, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
      INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text IS NOT NULL BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
      WHEN old.text IS NOT new.text BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text)
        SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
      INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
    END;

    CREATE TABLE webhook_updates (
      id INTEGER PRIMARY KEY,
      fingerprint TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      field TEXT,
      waba_id TEXT,
      phone_number_id TEXT,
      summary TEXT,
      reason TEXT,
      applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
      raw TEXT,
      at INTEGER,
      event_seq INTEGER,
      received_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX webhook_updates_by_time ON webhook_updates (received_at DESC, id DESC);
    CREATE INDEX webhook_updates_by_waba ON webhook_updates (waba_id);
  `,
}
