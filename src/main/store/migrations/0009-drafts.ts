import type { Migration } from '@server-kit/sqlite/migrate'

const POLICIES = "('auto', 'review', 'review-with-timeout', 'off')"

/**
 * AI drafts under review (issue #10).
 *
 * - `ai_client_policies`: each client's policy (no row: `review`, what a new client starts on) and
 *   the seconds `review-with-timeout` waits.
 * - `ai_conversations`: a conversation's override of its client's policy, and whether the bot is
 *   paused there — `taken-over` by an agent (named in `paused_by`) or `handoff` (the customer
 *   asked for a person or raised a refund, payment or legal matter; the reason in `paused_by`).
 *   A conversation that goes (merged into another, or a rebuild) takes its row with it.
 * - `drafts`: one per inbound message, ever (`inbound_wamid` unique: a webhook delivered twice, or
 *   a re-sync, never makes a second draft, and the outbox key derived from it never a second
 *   reply). `state` is where the draft is (drafting, pending for an agent, failed at the provider,
 *   sending, sent, rejected, closed); `status` is the decision, `pending` until one is made
 *   (approved = sent as drafted, edited, auto, timeout, handoff, rejected, taken-over, elsewhere =
 *   another desktop replied) — analytics reads it with `created_at` and `client_id`. `rule` is
 *   what routed it; `text` is the provider's draft and `sent_text` what went out. The audit log
 *   (subject `draft:<id>`) has each step with who and when.
 */
export const migration0009: Migration = {
  id: 9,
  name: 'drafts',
  sql: `
    CREATE TABLE ai_client_policies (
      client_id TEXT PRIMARY KEY REFERENCES clients (id),
      policy TEXT NOT NULL CHECK (policy IN ${POLICIES}),
      timeout_seconds INTEGER NOT NULL CHECK (timeout_seconds BETWEEN 5 AND 86400),
      updated_by TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE ai_conversations (
      conversation_id INTEGER PRIMARY KEY,
      policy TEXT CHECK (policy IS NULL OR policy IN ${POLICIES}),
      timeout_seconds INTEGER CHECK (timeout_seconds IS NULL OR timeout_seconds BETWEEN 5 AND 86400),
      paused TEXT CHECK (paused IS NULL OR paused IN ('taken-over', 'handoff')),
      paused_by TEXT,
      paused_at TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER ai_conversations_gone AFTER DELETE ON conversations BEGIN
      DELETE FROM ai_conversations WHERE conversation_id = old.id;
    END;

    CREATE TABLE drafts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      inbound_wamid TEXT NOT NULL UNIQUE,
      client_id TEXT NOT NULL REFERENCES clients (id),
      inbound_at INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN
        ('drafting', 'pending', 'failed', 'sending', 'sent', 'rejected', 'closed')),
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'edited',
        'auto', 'timeout', 'handoff', 'rejected', 'taken-over', 'elsewhere')),
      policy TEXT NOT NULL CHECK (policy IN ${POLICIES}),
      rule TEXT NOT NULL,
      text TEXT NOT NULL DEFAULT '',
      needs_answer INTEGER NOT NULL DEFAULT 0 CHECK (needs_answer IN (0, 1)),
      confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
      sources TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
      handoff_reason TEXT,
      language TEXT,
      provider TEXT,
      model TEXT,
      prompt_hash TEXT,
      error TEXT CHECK (error IS NULL OR json_valid(error)),
      attempts INTEGER NOT NULL DEFAULT 0,
      send_at INTEGER,
      sent_text TEXT,
      outbox_key TEXT,
      message_id INTEGER,
      decided_by TEXT,
      decided_at TEXT,
      reject_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX drafts_open ON drafts (inbound_at, id)
      WHERE state IN ('drafting', 'pending', 'failed');
    CREATE INDEX drafts_due ON drafts (send_at) WHERE send_at IS NOT NULL;
    CREATE INDEX drafts_by_client ON drafts (client_id, created_at);
  `,
}
