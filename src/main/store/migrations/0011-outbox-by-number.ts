import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * The outbox's queue per business number: the worker reads each number's due rows on their own
 * (a number at its throughput is passed over without reading its backlog), and finds the numbers
 * with queued rows by walking this index one number at a time.
 */
export const migration0011: Migration = {
  id: 11,
  name: 'outbox-by-number',
  sql: `
    CREATE INDEX outbox_due_by_number ON outbox (phone_number_id, next_attempt_at, created_at)
      WHERE state = 'queued';
  `,
}
