import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * AI drafts (issue #10): each client's knowledge base. Entries are FAQ answers and reply snippets
 * (`variants` and `tags` are JSON arrays of strings); facts are the values answers cite as
 * `{{key}}`, per language (`any`: every language). `kb_state` counts each client's changes (the
 * drafter rebuilds its index when the revision moves) and remembers the onboarding seed, so
 * seeding again never brings back what staff deleted.
 */
export const migration0007: Migration = {
  id: 7,
  name: 'knowledge-base',
  sql: `
    CREATE TABLE kb_entries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      client_id TEXT NOT NULL REFERENCES clients (id),
      kind TEXT NOT NULL CHECK (kind IN ('faq', 'snippet')),
      question TEXT NOT NULL CHECK (length(question) > 0),
      variants TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(variants)),
      answer TEXT NOT NULL CHECK (length(answer) > 0),
      language TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
      source TEXT NOT NULL CHECK (source IN ('staff', 'seed', 'import')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX kb_entries_by_client ON kb_entries (client_id, kind, id);

    CREATE TABLE kb_facts (
      client_id TEXT NOT NULL REFERENCES clients (id),
      key TEXT NOT NULL,
      language TEXT NOT NULL,
      value TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('staff', 'seed', 'import')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (client_id, key, language)
    ) STRICT;

    CREATE TABLE kb_state (
      client_id TEXT PRIMARY KEY REFERENCES clients (id),
      revision INTEGER NOT NULL DEFAULT 0,
      seeded_at TEXT
    ) STRICT;
  `,
}
