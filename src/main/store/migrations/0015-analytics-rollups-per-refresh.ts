import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Analytics rollups written once per refresh instead of by triggers on every `analytics_facts`
 * change (migrations 0008 and 0010): each fact written ran seven upserts, the rollup rows of its
 * day and number, the same few rows again and again in a batch. src/main/analytics/refresh.ts is
 * the one writer of the facts; it now sums the old and new contributions of the facts it writes
 * (src/main/analytics/rollup-deltas.ts) and upserts each rollup row that moved once, in the same
 * transaction. The rollups already stored are the sums over the facts stored and stay as they are.
 */
export const migration0015: Migration = {
  id: 15,
  name: 'analytics-rollups-per-refresh',
  sql: `
    DROP TRIGGER analytics_facts_insert;
    DROP TRIGGER analytics_facts_delete;
    DROP TRIGGER analytics_facts_update;
  `,
}
