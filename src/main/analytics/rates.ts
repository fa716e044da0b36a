import { parse as parseCsv } from 'csv-parse/sync'
import { z } from 'zod'
import { PRICING_CATEGORIES, type PricingCategory, type RateCard } from '@shared/contract/analytics'
import { AppError } from '@shared/contract/errors'
import {
  MARKET_GROUPS,
  OTHER_MARKET,
  countryByName,
  countryName,
  marketOfCountry,
} from '@shared/whatsapp/markets'
import type { Db } from '../store/database'

/**
 * The partner's rate card: what Meta charges per delivered message, per market and pricing
 * category, in the credit line's currency (Meta publishes one card per currency:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing).
 *
 * CSV, either one rate per row (`market,category,rate`) or one market per row with a column per
 * category (`market,marketing,utility,authentication,authentication-international,service`); an
 * optional `currency` column must agree with the currency given. A market is a Meta market name
 * ("India", "Rest of Africa", "North America", "Other") or one country (ISO code or English
 * name), whose row then overrides its regional market's. Rates are decimals (up to 6 places).
 * Every row is checked and the whole file refused with the rows named when one is wrong; an
 * import replaces the previous card.
 */

const MAX_ROWS = 10_000
const MAX_ISSUES = 20
const GROUPS = [...Object.keys(MARKET_GROUPS), OTHER_MARKET]

/** `Authentication_International` → `authentication-international`. */
export const normaliseCategory = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')

const categorySchema = z
  .string()
  .transform(normaliseCategory)
  .pipe(
    z.enum(PRICING_CATEGORIES, {
      error: () => `category must be one of ${PRICING_CATEGORIES.join(', ')}`,
    }),
  )

/** A market as stored: a group's name or an ISO country. */
const marketSchema = z.string().transform((text, ctx) => {
  const group = GROUPS.find((g) => g.toLowerCase() === text.trim().toLowerCase())
  if (group) return group
  const country = countryByName(text)
  if (country) return country
  ctx.addIssue({
    code: 'custom',
    message: `market "${text.trim()}" is neither a Meta market (${GROUPS.join(', ')}) nor a country`,
  })
  return z.NEVER
})

/** A decimal rate → millionths, exactly (no float rounding). */
const rateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'rate must be a non-negative decimal with at most 6 places')
  .transform((text) => {
    const [whole, fraction = ''] = text.split('.')
    return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'))
  })

export interface RateLine {
  market: string
  category: PricingCategory
  rateMicros: number
}

interface Issue {
  row: string
  message: string
}

function refuse(issues: Issue[]): never {
  const shown = issues.slice(0, MAX_ISSUES)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  throw new AppError(
    'VALIDATION',
    `The rate card has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${shown
      .map((i) => `${i.row}: ${i.message}`)
      .join('; ')}${more}. Nothing was imported.`,
    { fix: 'Correct the rows named and import the file again.', details: { issues: shown } },
  )
}

/** Parses and checks a rate card CSV; throws VALIDATION naming every wrong row. */
export function parseRateCard(csv: string, currency: string): RateLine[] {
  let records: string[][]
  try {
    records = parseCsv(csv.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    })
  } catch (error) {
    refuse([{ row: 'file', message: `not CSV: ${(error as Error).message}` }])
  }
  const [header, ...rows] = records
  if (!header) refuse([{ row: 'file', message: 'no header row' }])
  if (rows.length > MAX_ROWS) refuse([{ row: 'file', message: `over ${MAX_ROWS} rows` }])
  const columns = header.map((c) => normaliseCategory(c))
  const at = (name: string) => columns.indexOf(name)
  if (at('market') < 0) refuse([{ row: 'header', message: 'no "market" column' }])
  const long = at('category') >= 0 && at('rate') >= 0
  const categoryColumns = columns
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !['market', 'currency', 'category', 'rate'].includes(name))
  if (!long) {
    const unknown = categoryColumns.filter(
      ({ name }) => !(PRICING_CATEGORIES as readonly string[]).includes(name),
    )
    if (unknown.length > 0 || categoryColumns.length === 0)
      refuse([
        {
          row: 'header',
          message: `expected market,category,rate or market plus category columns (${PRICING_CATEGORIES.join(', ')}); got ${header.join(',')}`,
        },
      ])
  }
  const issues: Issue[] = []
  const lines: RateLine[] = []
  const seen = new Map<string, string>()
  rows.forEach((cells, index) => {
    const row = `row ${index + 2}`
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '') : '')
    const problems: string[] = []
    const rowCurrency = cell(at('currency')).toUpperCase()
    if (rowCurrency && rowCurrency !== currency)
      problems.push(`currency ${rowCurrency} differs from the credit line's ${currency}`)
    const market = marketSchema.safeParse(cell(at('market')))
    if (!market.success) problems.push(market.error.issues[0]!.message)
    const pairs = long
      ? [{ category: cell(at('category')), rate: cell(at('rate')) }]
      : categoryColumns
          .map(({ name, index: i }) => ({ category: name, rate: cell(i) }))
          .filter((pair) => pair.rate !== '')
    for (const pair of pairs) {
      const category = categorySchema.safeParse(pair.category)
      const rate = rateSchema.safeParse(pair.rate)
      if (!category.success) problems.push(category.error.issues[0]!.message)
      if (!rate.success) problems.push(`${rate.error.issues[0]!.message} (got "${pair.rate}")`)
      if (!market.success || !category.success || !rate.success) continue
      const key = `${market.data}|${category.data}`
      const earlier = seen.get(key)
      if (earlier) problems.push(`${category.data} for ${market.data} is also given in ${earlier}`)
      seen.set(key, row)
      lines.push({ market: market.data, category: category.data, rateMicros: rate.data })
    }
    if (problems.length > 0) issues.push({ row, message: problems.join(', ') })
  })
  if (issues.length > 0) refuse(issues)
  if (lines.length === 0) refuse([{ row: 'file', message: 'no rates' }])
  return lines
}

/** Replaces the stored rate card (one transaction). */
export function saveRateCard(
  db: Db,
  card: { currency: string; fileName: string | null; lines: RateLine[] },
  now: number,
): void {
  db.transaction(() => {
    db.prepare('DELETE FROM analytics_rates').run()
    const insert = db.prepare(
      'INSERT INTO analytics_rates (market, category, rate_micros) VALUES (?, ?, ?)',
    )
    for (const line of card.lines) insert.run(line.market, line.category, line.rateMicros)
    db.prepare(
      `INSERT INTO analytics_rate_card (id, currency, file_name, imported_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET currency = excluded.currency,
           file_name = excluded.file_name, imported_at = excluded.imported_at`,
    ).run(card.currency, card.fileName, now)
  })()
}

/** The stored rate card, for pricing: the lookup and its summary. */
export interface StoredRates {
  card: RateCard | null
  /** The rate (millionths) of a recipient country and category, and the market it came from. */
  rateFor(country: string, category: string): { market: string; micros: number | null }
}

/** A market's display name: a country's name, or the group's. */
export const marketLabel = (market: string) =>
  /^[A-Z]{2}$/.test(market) ? countryName(market) : market

export function loadRates(db: Db): StoredRates {
  const head = db
    .prepare<[], { currency: string; file_name: string | null; imported_at: number }>(
      'SELECT currency, file_name, imported_at FROM analytics_rate_card WHERE id = 1',
    )
    .get()
  const rows = db
    .prepare<[], { market: string; category: string; rate_micros: number }>(
      'SELECT market, category, rate_micros FROM analytics_rates ORDER BY market, category',
    )
    .all()
  const rates = new Map(rows.map((r) => [`${r.market}|${r.category}`, r.rate_micros]))
  return {
    card: head
      ? {
          currency: head.currency,
          fileName: head.file_name,
          importedAt: new Date(head.imported_at).toISOString(),
          rates: rows.length,
          lines: rows.map((r) => ({
            market: marketLabel(r.market),
            category: r.category,
            rate: r.rate_micros / 1_000_000,
          })),
        }
      : null,
    rateFor(country, category) {
      const wanted = normaliseCategory(category)
      const own = country ? rates.get(`${country}|${wanted}`) : undefined
      if (own !== undefined) return { market: countryName(country), micros: own }
      const market = marketOfCountry(country || null)
      // Standalone markets are named after their country (stored as its ISO code).
      const micros = rates.get(`${market}|${wanted}`) ?? null
      return { market, micros }
    },
  }
}
