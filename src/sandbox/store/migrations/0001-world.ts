import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * The sandbox's world. Each entity is a JSON `data` column (so fields added to an entity later
 * flow through without a migration) plus the key columns worth indexing. Rows are loaded in rowid
 * order, which is the order the world's Maps had them (the newest WABA last, the oldest message
 * first). The message tables (up to 100k rows each, written at every status) carry no index
 * beyond their key: a write there is on the hot path. `meta` holds the partner app's config and
 * credentials, the virtual clock's offset and the partner system user's id.
 */
export const migration0001: Migration = {
  id: 1,
  name: 'world',
  sql: `
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE businesses (
      key TEXT PRIMARY KEY,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE wabas (
      key TEXT PRIMARY KEY,
      owner_business_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX wabas_by_business ON wabas (owner_business_id);
    CREATE TABLE phones (
      key TEXT PRIMARY KEY,
      waba_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX phones_by_waba ON phones (waba_id);
    CREATE TABLE users (
      key TEXT PRIMARY KEY,
      business_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE tokens (
      key TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX tokens_by_user ON tokens (user_id);
    CREATE TABLE auth_codes (
      key TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE credit_allocations (
      key TEXT PRIMARY KEY,
      waba_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE templates (
      key TEXT PRIMARY KEY,
      waba_id TEXT NOT NULL,
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      status TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX templates_by_name ON templates (waba_id, name, language);
    CREATE TABLE media (
      key TEXT PRIMARY KEY,
      phone_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE media_urls (
      key TEXT PRIMARY KEY,
      media_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE sent_messages (
      key TEXT PRIMARY KEY,
      phone_id TEXT NOT NULL,
      status TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE inbound_messages (
      key TEXT PRIMARY KEY,
      phone_id TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE service_windows (
      key TEXT PRIMARY KEY,
      data TEXT NOT NULL
    ) STRICT;
    CREATE TABLE free_entry_windows (
      key TEXT PRIMARY KEY,
      data TEXT NOT NULL
    ) STRICT;
  `,
}
