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
  /** The UTC day ('' when summed over the range). */
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
    daily: readDaily(db, range),
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
    // Summed over the days: a year of one number holds a row per day, country and category.
    pricing: all<PricingRow>(
      `SELECT '' AS day, phone_number_id, country, category, pricing_type, charged, sum(n) AS n
         FROM analytics_daily_pricing WHERE ${IN_RANGE}
         GROUP BY phone_number_id, country, category, pricing_type, charged HAVING sum(n) <> 0`,
    ),
    responses: readResponses(db, range),
  }
}

/** Pricing rows per day (inspect prints one row per client and day). */
export function readDailyPricing(db: Db, range: DayRange): PricingRow[] {
  return db
    .prepare<[string, string], PricingRow>(
      `SELECT day, phone_number_id, country, category, pricing_type, charged, n
         FROM analytics_daily_pricing WHERE ${IN_RANGE} AND n <> 0`,
    )
    .all(range.from, range.to)
}

/** Volumes per day and number. */
export function readDaily(db: Db, range: DayRange): DailyRow[] {
  return db
    .prepare<[string, string], DailyRow>(
      `SELECT * FROM analytics_daily WHERE ${IN_RANGE}
         AND (messages_in <> 0 OR messages_out <> 0 OR accepted <> 0 OR delivered <> 0
           OR read <> 0 OR failed <> 0)
         ORDER BY day, phone_number_id`,
    )
    .all(range.from, range.to)
}

type ResponseRow = RollupRows['responses'][number]

const DAY_MS = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const monthStart = (month: string) => Date.parse(`${month}-01T00:00:00Z`)
const nextMonth = (month: string) => {
  const d = new Date(monthStart(month))
  d.setUTCMonth(d.getUTCMonth() + 1)
  return iso(d.getTime()).slice(0, 7)
}

/** The whole months inside a range (null: none) and the days of the range outside them. */
export function splitRange(range: DayRange): { months: DayRange | null; days: DayRange[] } {
  const first = range.from.endsWith('-01')
    ? range.from.slice(0, 7)
    : nextMonth(range.from.slice(0, 7))
  const afterTo = iso(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS)
  const last = afterTo.endsWith('-01')
    ? range.to.slice(0, 7)
    : iso(monthStart(range.to.slice(0, 7)) - DAY_MS).slice(0, 7)
  if (first > last) return { months: null, days: [range] }
  const days: DayRange[] = []
  const monthsFrom = iso(monthStart(first))
  const monthsTo = iso(monthStart(nextMonth(last)) - DAY_MS)
  if (range.from < monthsFrom) days.push({ from: range.from, to: iso(monthStart(first) - DAY_MS) })
  if (range.to > monthsTo) days.push({ from: iso(monthStart(nextMonth(last))), to: range.to })
  return { months: { from: first, to: last }, days }
}

/**
 * Response-time histograms over a range: whole months from the monthly table (migration 0010),
 * the partial months' days from the daily one, summed per number, origin and bucket.
 */
export function readResponses(db: Db, range: DayRange): ResponseRow[] {
  const { months, days } = splitRange(range)
  const select = (table: string, column: string) =>
    db.prepare<[string, string], ResponseRow>(
      `SELECT phone_number_id, origin, first, bucket, sum(n) AS n, sum(total_ms) AS total_ms
         FROM ${table} WHERE ${column} BETWEEN ? AND ?
         GROUP BY phone_number_id, origin, first, bucket`,
    )
  const parts = [
    ...days.map((d) => select('analytics_daily_responses', 'day').all(d.from, d.to)),
    ...(months ? [select('analytics_monthly_responses', 'month').all(months.from, months.to)] : []),
  ]
  if (parts.length === 1) return parts[0]!.filter((r) => r.n !== 0)
  const sums = new Map<string, ResponseRow>()
  for (const row of parts.flat()) {
    const key = `${row.phone_number_id}|${row.origin}|${row.first}|${row.bucket}`
    const sum = sums.get(key)
    if (sum) {
      sum.n += row.n
      sum.total_ms += row.total_ms
    } else sums.set(key, { ...row })
  }
  return [...sums.values()].filter((r) => r.n !== 0)
}
