import type { Migration } from '@server-kit/sqlite/migrate'
import { contribution, type Row } from './0008-analytics'

/**
 * Analytics (issue #11): response-time histograms per month besides per day. A reply is rarely in
 * the same day, number, origin and bucket as another, so over a year the daily histograms hold
 * about a row per reply; per month they saturate (every bucket already there), and a long range
 * reads whole months here and only its partial months' days from the daily table
 * (src/main/analytics/rollups.ts). Kept by the same triggers on `analytics_facts` (recreated with
 * one more statement) and filled from the daily rows.
 */

function monthly(r: Row, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-'
  return `
    INSERT INTO analytics_monthly_responses (month, phone_number_id, origin, first, bucket, n,
        total_ms)
      SELECT substr(${r}.day, 1, 7), ${r}.phone_number_id, ${r}.origin, ${r}.first_response,
          ${r}.response_bucket, ${s}1, ${s}${r}.response_ms
        WHERE ${r}.response_ms IS NOT NULL
      ON CONFLICT (month, phone_number_id, origin, first, bucket) DO UPDATE SET
        n = n + excluded.n, total_ms = total_ms + excluded.total_ms;`
}

export const migration0010: Migration = {
  id: 10,
  name: 'analytics-monthly',
  sql: `
    CREATE TABLE analytics_monthly_responses (
      month TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      first INTEGER NOT NULL,
      bucket INTEGER NOT NULL,
      n INTEGER NOT NULL,
      total_ms INTEGER NOT NULL,
      PRIMARY KEY (month, phone_number_id, origin, first, bucket)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO analytics_monthly_responses
      SELECT substr(day, 1, 7), phone_number_id, origin, first, bucket, sum(n), sum(total_ms)
        FROM analytics_daily_responses GROUP BY 1, 2, 3, 4, 5;

    DROP TRIGGER analytics_facts_insert;
    DROP TRIGGER analytics_facts_delete;
    DROP TRIGGER analytics_facts_update;
    CREATE TRIGGER analytics_facts_insert AFTER INSERT ON analytics_facts BEGIN
      ${contribution('new', 1)}
      ${monthly('new', 1)}
    END;
    CREATE TRIGGER analytics_facts_delete AFTER DELETE ON analytics_facts BEGIN
      ${contribution('old', -1)}
      ${monthly('old', -1)}
    END;
    CREATE TRIGGER analytics_facts_update AFTER UPDATE ON analytics_facts BEGIN
      ${contribution('old', -1)}
      ${monthly('old', -1)}
      ${contribution('new', 1)}
      ${monthly('new', 1)}
    END;
  `,
}
