import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Client onboarding: clients (one per WABA), their pipeline steps, Embedded Signup attempts and
 * the message events they produced, and offboarding progress. Ids and metadata only: business
 * tokens and PINs live in the OS keychain (`business-token:<waba_id>`, `pin:<phone_number_id>`).
 * JSON columns hold Meta's answers as last verified (non-secret) for the detail page.
 */
export const migration0004: Migration = {
  id: 4,
  name: 'clients',
  sql: `
    CREATE TABLE clients (
      id TEXT PRIMARY KEY,
      waba_id TEXT NOT NULL,
      phone_number_id TEXT,
      business_id TEXT,
      name TEXT,
      display_phone_number TEXT,
      signup_finish TEXT NOT NULL,
      state TEXT NOT NULL,
      paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
      pin_source TEXT CHECK (pin_source IN ('generated', 'staff')),
      quality_rating TEXT,
      token_health TEXT,
      phone_health TEXT,
      subscription TEXT,
      credit_allocation TEXT,
      warnings TEXT NOT NULL DEFAULT '[]',
      signed_up_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_activity_at TEXT NOT NULL,
      onboarded_at TEXT,
      offboarded_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX clients_by_waba ON clients (waba_id);
    CREATE INDEX clients_by_phone ON clients (phone_number_id);
    CREATE INDEX clients_by_activity ON clients (last_activity_at DESC, id);
    CREATE INDEX clients_by_state ON clients (state, last_activity_at DESC);

    CREATE TABLE onboarding_steps (
      client_id TEXT NOT NULL REFERENCES clients (id),
      step TEXT NOT NULL,
      position INTEGER NOT NULL,
      status TEXT NOT NULL
        CHECK (status IN ('pending', 'running', 'done', 'waiting', 'failed', 'skipped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      message TEXT,
      error_code TEXT,
      error_message TEXT,
      error_fix TEXT,
      error_graph_code INTEGER,
      next_attempt_at TEXT,
      data TEXT NOT NULL DEFAULT '{}',
      updated_at TEXT NOT NULL,
      PRIMARY KEY (client_id, step)
    ) STRICT;
    CREATE INDEX onboarding_steps_due ON onboarding_steps (status, next_attempt_at);

    CREATE TABLE signups (
      id TEXT PRIMARY KEY,
      client_id TEXT REFERENCES clients (id),
      status TEXT NOT NULL
        CHECK (status IN ('open', 'started', 'cancelled', 'error', 'failed', 'expired')),
      coexistence INTEGER NOT NULL DEFAULT 0 CHECK (coexistence IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      error_code TEXT,
      error_message TEXT,
      error_fix TEXT,
      error_graph_code INTEGER
    ) STRICT;
    CREATE INDEX signups_by_time ON signups (created_at DESC, id);
    CREATE INDEX signups_by_client ON signups (client_id, created_at DESC);

    CREATE TABLE signup_events (
      id INTEGER PRIMARY KEY,
      signup_id TEXT NOT NULL REFERENCES signups (id),
      at TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('finish', 'cancel', 'error')),
      event TEXT NOT NULL,
      current_step TEXT,
      error_code TEXT,
      error_message TEXT,
      session_id TEXT,
      waba_id TEXT,
      phone_number_id TEXT,
      business_id TEXT,
      raw TEXT NOT NULL
    ) STRICT;
    CREATE INDEX signup_events_by_signup ON signup_events (signup_id, id);

    CREATE TABLE offboardings (
      client_id TEXT PRIMARY KEY REFERENCES clients (id),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      steps TEXT NOT NULL
    ) STRICT;
  `,
}
