import type { Db } from '../store/database'

/**
 * Reads of the daily rollups (migration 0008) over a range of UTC days, per business number:
 * never the messages themselves, so a dashboard over a million messages reads a few thousand
 * rows. Rows whose counters went back to zero (a message moved to another day) are skipped.
 */

export interface DayRange {
  from: string
  to: string
}

export interface DailyRow {
  day: string
  phone_number_id: string
  messages_in: number
  messages_out: number
  accepted: number
  delivered: number
  read: number
  failed: number
}

export interface PricingRow {
  day: string
  phone_number_id: string
  country: string
  category: string
  pricing_type: string
  charged: number
  n: number
}

export interface RollupRows {
  daily: DailyRow[]
  origins: { phone_number_id: string; origin: string; n: number }[]
  failures: { phone_number_id: string; error_code: number; n: number }[]
  templates: {
    phone_number_id: string
    name: string
    language: string
    sent: number
    delivered: number
    read: number
    failed: number
  }[]
  pricing: PricingRow[]
  responses: {
    phone_number_id: string
    origin: string
    first: number
    bucket: number
    n: number
    total_ms: number
  }[]
}

const IN_RANGE = 'day BETWEEN ? AND ?'

export function readRollups(db: Db, range: DayRange): RollupRows {
  const args = [range.from, range.to] as const
  const all = <T>(sql: string) => db.prepare<[string, string], T>(sql).all(...args)
  return {
    daily: all<DailyRow>(
      `SELECT * FROM analytics_daily WHERE ${IN_RANGE}
         AND (messages_in <> 0 OR messages_out <> 0 OR accepted <> 0 OR delivered <> 0
           OR read <> 0 OR failed <> 0)
         ORDER BY day, phone_number_id`,
    ),
    origins: all(
      `SELECT phone_number_id, origin, sum(n) AS n FROM analytics_daily_origins
         WHERE ${IN_RANGE} GROUP BY phone_number_id, origin HAVING sum(n) <> 0`,
    ),
    failures: all(
      `SELECT phone_number_id, error_code, sum(n) AS n FROM analytics_daily_failures
         WHERE ${IN_RANGE} GROUP BY phone_number_id, error_code HAVING sum(n) <> 0`,
    ),
    templates: all(
      `SELECT phone_number_id, name, language, sum(sent) AS sent, sum(delivered) AS delivered,
           sum(read) AS read, sum(failed) AS failed
         FROM analytics_daily_templates WHERE ${IN_RANGE}
         GROUP BY phone_number_id, name, language
         HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(read) <> 0 OR sum(failed) <> 0`,
    ),
    pricing: all<PricingRow>(
      `SELECT day, phone_number_id, country, category, pricing_type, charged, n
         FROM analytics_daily_pricing WHERE ${IN_RANGE} AND n <> 0`,
    ),
    responses: all(
      `SELECT phone_number_id, origin, first, bucket, sum(n) AS n, sum(total_ms) AS total_ms
         FROM analytics_daily_responses WHERE ${IN_RANGE}
         GROUP BY phone_number_id, origin, first, bucket HAVING sum(n) <> 0`,
    ),
  }
}
