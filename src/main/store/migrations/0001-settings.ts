import type { Migration } from '@server-kit/sqlite/migrate'

/** Non-secret settings saved from the UI. Secrets never come here: they live in the OS keychain. */
export const migration0001: Migration = {
  id: 1,
  name: 'settings',
  sql: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
}
