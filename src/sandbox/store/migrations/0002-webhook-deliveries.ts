import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Webhook batches not yet acknowledged: Meta keeps retrying for 7 days, so a batch waiting for
 * its next attempt must outlive a restart. `body` is the payload as it will be POSTed (signed
 * at each attempt); `retry_at` is the next attempt's time on the virtual clock (epoch ms).
 */
export const migration0002: Migration = {
  id: 2,
  name: 'webhook-deliveries',
  sql: `
    CREATE TABLE webhook_deliveries (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL,
      body BLOB NOT NULL,
      count INTEGER NOT NULL,
      attempts INTEGER NOT NULL,
      waited_ms INTEGER NOT NULL,
      duplicate INTEGER NOT NULL,
      retry_at INTEGER NOT NULL
    ) STRICT;
  `,
}
