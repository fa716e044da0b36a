import { UNASSIGNED } from '@shared/contract/messaging'
import type { InspectEntity } from '../inspect/entity'
import { normaliseCategory, loadRates } from './rates'
import { priceRows } from './cost'
import type { Volume } from '@shared/contract/analytics'
import { loadOwners, type Owner } from './owners'
import { addDaily, zero } from './overview'
import { readDaily, readDailyPricing, type PricingRow } from './rollups'

/**
 * `npm run inspect -- analytics [--json|--csv] [--client ID] [--since DATE] [--limit N]`: the
 * page's figures, one row per client and UTC day (the newest `--limit`, oldest first) — messages
 * in and out, accepted, delivered, read, failed, billable messages by pricing category, free
 * messages, and their cost by the imported rate card in its currency. Read from the rollups as the
 * console last wrote them (it brings them up to date after every change).
 */

const CATEGORIES = [
  'marketing',
  'utility',
  'authentication',
  'authentication-international',
  'service',
]

export const analyticsEntities: Record<string, InspectEntity> = {
  analytics: {
    describe: 'per client and day: messages in/out, delivered, read, failed, billable, cost',
    tables: ['analytics_daily', 'analytics_rate_card'],
    rows: (db, { since, client, limit }) => {
      const owners = loadOwners(db)
      const rates = loadRates(db)
      const from = since === undefined ? '0000-01-01' : new Date(since).toISOString().slice(0, 10)
      const wanted = (phone: string) => owners.wanted(phone, client ?? null)
      const groups = new Map<
        string,
        Volume & { date: string; owner: Owner; pricing: PricingRow[] }
      >()
      const group = (day: string, phone: string) => {
        const owner = owners.of(phone)
        const key = `${day}|${owner.clientId ?? UNASSIGNED}`
        let entry = groups.get(key)
        if (!entry) {
          entry = { date: day, owner, pricing: [], ...zero() }
          groups.set(key, entry)
        }
        return entry
      }
      for (const row of readDaily(db, { from, to: '9999-12-31' }))
        if (wanted(row.phone_number_id)) addDaily(group(row.day, row.phone_number_id), row)
      for (const row of readDailyPricing(db, { from, to: '9999-12-31' }))
        if (wanted(row.phone_number_id)) group(row.day, row.phone_number_id).pricing.push(row)
      const rows = [...groups.values()]
        // By day, then client id, unassigned numbers last.
        .sort((a, b) => {
          const x = `${a.date} ${a.owner.clientId === null ? 1 : 0} ${a.owner.clientId ?? ''}`
          const y = `${b.date} ${b.owner.clientId === null ? 1 : 0} ${b.owner.clientId ?? ''}`
          return x < y ? -1 : x > y ? 1 : 0
        })
        .slice(-limit)
      return rows.map((g) => {
        const priced = priceRows(g.pricing, rates)
        const billable = Object.fromEntries(CATEGORIES.map((c) => [c, 0]))
        for (const row of g.pricing)
          if (row.charged === 1) {
            const category = normaliseCategory(row.category || 'unknown')
            billable[category] = (billable[category] ?? 0) + row.n
          }
        return {
          date: g.date,
          client: g.owner.clientId ?? UNASSIGNED,
          client_name: g.owner.name,
          messages_in: g.messagesIn,
          messages_out: g.messagesOut,
          accepted: g.accepted,
          delivered: g.delivered,
          read: g.read,
          failed: g.failed,
          billable,
          free: priced.free,
          cost: priced.costMicros === null ? null : priced.costMicros / 1_000_000,
          currency: rates.card?.currency ?? null,
        }
      })
    },
  },
}
