import type { CostFigures } from '@shared/contract/analytics'
import { normaliseCategory, type StoredRates } from './rates'
import type { PricingRow } from './rollups'

/**
 * Billable messages priced by the rate card. A charged message (facts.ts: pricing type regular,
 * delivered) costs its market's rate for its category; free ones — `free_customer_service`
 * (service messages, utility templates inside the customer service window) and
 * `free_entry_point` — are counted apart. Amounts are summed in millionths of the card's
 * currency, so the total is exact to the card's precision.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing
 */

/**
 * Free by Meta's pricing type; a regular message not (yet) delivered is neither charged nor
 * free — Meta charges on delivery.
 */
const isFree = (row: PricingRow) => row.pricing_type.startsWith('free')

export interface PricedTotals {
  billable: number
  free: number
  /** Millionths; null when no rate card or none of the billable messages has a rate. */
  costMicros: number | null
  unpriced: number
}

/** Totals of some pricing rows (one client's, one day's). */
export function priceRows(rows: readonly PricingRow[], rates: StoredRates): PricedTotals {
  let billable = 0
  let free = 0
  let micros: number | null = null
  let unpriced = 0
  for (const row of rows) {
    if (row.charged !== 1) {
      if (isFree(row)) free += row.n
      continue
    }
    billable += row.n
    const { micros: rate } = rates.rateFor(row.country, row.category)
    if (rate === null || rates.card === null) unpriced += row.n
    else micros = (micros ?? 0) + rate * row.n
  }
  return { billable, free, costMicros: micros, unpriced }
}

const toMoney = (micros: number | null) => (micros === null ? null : micros / 1_000_000)

/** The cost section of the overview: lines per market and category, free messages apart. */
export function costFigures(rows: readonly PricingRow[], rates: StoredRates): CostFigures {
  const lines = new Map<
    string,
    { market: string; category: string; count: number; rate: number | null }
  >()
  const free = new Map<string, { type: string; category: string; count: number }>()
  for (const row of rows) {
    const category = normaliseCategory(row.category || 'unknown')
    if (row.charged !== 1) {
      if (!isFree(row)) continue
      const type = row.pricing_type
      const key = `${type}|${category}`
      const line = free.get(key) ?? { type, category, count: 0 }
      line.count += row.n
      free.set(key, line)
      continue
    }
    const { market, micros } = rates.rateFor(row.country, category)
    const key = `${market}|${category}`
    const line = lines.get(key) ?? { market, category, count: 0, rate: micros }
    line.count += row.n
    lines.set(key, line)
  }
  const priced = rates.card !== null
  const billable = [...lines.values()]
    .map((l) => {
      const micros = priced && l.rate !== null ? l.rate * l.count : null
      return {
        market: l.market,
        category: l.category,
        count: l.count,
        rate: priced ? toMoney(l.rate) : null,
        cost: toMoney(micros),
        micros,
      }
    })
    .sort((a, b) => b.count - a.count || a.market.localeCompare(b.market))
  const byCategory = new Map<string, { count: number; micros: number | null }>()
  for (const line of billable) {
    const entry = byCategory.get(line.category) ?? { count: 0, micros: null }
    entry.count += line.count
    if (line.micros !== null) entry.micros = (entry.micros ?? 0) + line.micros
    byCategory.set(line.category, entry)
  }
  const withRate = billable.filter((l) => l.micros !== null)
  return {
    rateCard: rates.card
      ? {
          currency: rates.card.currency,
          fileName: rates.card.fileName,
          importedAt: rates.card.importedAt,
          rates: rates.card.rates,
        }
      : null,
    billable: billable.map(({ micros: _micros, ...line }) => line),
    byCategory: [...byCategory].map(([category, e]) => ({
      category,
      count: e.count,
      cost: toMoney(e.micros),
    })),
    free: [...free.values()].sort((a, b) => b.count - a.count),
    billableTotal: billable.reduce((sum, l) => sum + l.count, 0),
    freeTotal: [...free.values()].reduce((sum, l) => sum + l.count, 0),
    total: withRate.length > 0 ? toMoney(withRate.reduce((sum, l) => sum + l.micros!, 0)) : null,
    unpriced: billable.filter((l) => l.micros === null).reduce((sum, l) => sum + l.count, 0),
  }
}
