import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Who changed what, append-only. Details are redacted JSON: a secret being set is recorded, its
 * value never is.
 */
export const migration0002: Migration = {
  id: 2,
  name: 'audit-log',
  sql: `
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT,
      details TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
    CREATE INDEX audit_log_by_subject ON audit_log (subject, at DESC);
  `,
}
