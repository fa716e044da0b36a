import type { ChannelParsedInput } from '@shared/contract/channels'
import type { AnalyticsOverview, ClientFigures, Volume } from '@shared/contract/analytics'
import { UNASSIGNED } from '@shared/contract/messaging'
import { graphErrorInfo } from '@shared/whatsapp/error-codes'
import type { Db } from '../store/database'
import { costFigures, priceRows } from './cost'
import { draftFigures } from './drafts'
import { loadOwners, type Owners } from './owners'
import { loadRates } from './rates'
import { responseTimes } from './responses'
import { readRollups, type DailyRow, type RollupRows } from './rollups'

/** The dashboard's figures for a range of UTC days, all clients or one (analytics:overview). */

type OverviewInput = ChannelParsedInput<'analytics:overview'>

const TOP_FAILURES = 10
const DAY_MS = 86_400_000

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : null)
const rates = (v: Volume) => ({
  deliveryRate: ratio(v.delivered, v.messagesOut),
  readRate: ratio(v.read, v.messagesOut),
  failureRate: ratio(v.failed, v.messagesOut),
})

/** Volumes at zero, to add rollup rows to. */
export const zero = (): Volume => ({
  messagesIn: 0,
  messagesOut: 0,
  accepted: 0,
  delivered: 0,
  read: 0,
  failed: 0,
})

export function addDaily(into: Volume, row: DailyRow) {
  into.messagesIn += row.messages_in
  into.messagesOut += row.messages_out
  into.accepted += row.accepted
  into.delivered += row.delivered
  into.read += row.read
  into.failed += row.failed
}

/** Every day of the range (charts show days without messages as zeros). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

/** Only the rows of the numbers the filter wants. */
function filtered(rows: RollupRows, owners: Owners, clientId: string | null): RollupRows {
  const keep = <T extends { phone_number_id: string }>(list: T[]) =>
    list.filter((r) => owners.wanted(r.phone_number_id, clientId))
  return {
    daily: keep(rows.daily),
    origins: keep(rows.origins),
    failures: keep(rows.failures),
    templates: keep(rows.templates),
    pricing: keep(rows.pricing),
    responses: keep(rows.responses),
  }
}

export function buildOverview(db: Db, input: OverviewInput): AnalyticsOverview {
  const owners = loadOwners(db)
  const priceCard = loadRates(db)
  const clientId = input.clientId ?? null
  const rows = filtered(readRollups(db, input), owners, clientId)

  const totals = zero()
  const byDay = new Map(daysOf(input.from, input.to).map((d) => [d, zero()]))
  const byClient = new Map<
    string,
    { owner: ReturnType<Owners['of']>; volume: Volume; phones: Set<string> }
  >()
  for (const row of rows.daily) {
    addDaily(totals, row)
    const day = byDay.get(row.day)
    if (day) addDaily(day, row)
    const owner = owners.of(row.phone_number_id)
    const key = owner.clientId ?? UNASSIGNED
    const entry = byClient.get(key) ?? { owner, volume: zero(), phones: new Set() }
    addDaily(entry.volume, row)
    entry.phones.add(row.phone_number_id)
    byClient.set(key, entry)
  }
  const perClient: ClientFigures[] = [...byClient.values()].map(({ owner, volume, phones }) => {
    const priced = priceRows(
      rows.pricing.filter((r) => phones.has(r.phone_number_id)),
      priceCard,
    )
    return {
      clientId: owner.clientId,
      name: owner.name,
      ...volume,
      ...rates(volume),
      billable: priced.billable,
      free: priced.free,
      cost: priced.costMicros === null ? null : priced.costMicros / 1_000_000,
    }
  })
  perClient.sort((a, b) => b.messagesOut + b.messagesIn - (a.messagesOut + a.messagesIn))

  const failureCounts = new Map<number, number>()
  for (const r of rows.failures)
    failureCounts.set(r.error_code, (failureCounts.get(r.error_code) ?? 0) + r.n)
  const failures = [...failureCounts]
    .sort(([ca, a], [cb, b]) => b - a || ca - cb)
    .slice(0, TOP_FAILURES)
    .map(([code, count]) => ({
      code: code < 0 ? null : code,
      title: code < 0 ? 'No error code' : graphErrorInfo(code).title,
      count,
      share: ratio(count, totals.failed),
    }))

  const origins = new Map<string, number>()
  for (const r of rows.origins) origins.set(r.origin, (origins.get(r.origin) ?? 0) + r.n)

  const templates = new Map<string, AnalyticsOverview['templates'][number]>()
  for (const r of rows.templates) {
    const key = `${r.name}|${r.language}`
    const t = templates.get(key) ?? {
      name: r.name,
      language: r.language,
      sent: 0,
      delivered: 0,
      read: 0,
      failed: 0,
      deliveryRate: null,
      readRate: null,
    }
    t.sent += r.sent
    t.delivered += r.delivered
    t.read += r.read
    t.failed += r.failed
    templates.set(key, t)
  }

  const clientIds = clientId === null ? null : clientId === UNASSIGNED ? [] : [clientId]
  return {
    from: input.from,
    to: input.to,
    clientId,
    clients: owners.clients,
    totals: { ...totals, ...rates(totals) },
    days: [...byDay].map(([date, v]) => ({ date, ...v })),
    perClient,
    failures,
    responses: responseTimes(rows.responses),
    origins: [...origins]
      .map(([origin, count]) => ({ origin, count }))
      .sort((a, b) => b.count - a.count),
    drafts: draftFigures(db, input, clientIds),
    templates: [...templates.values()]
      .map((t) => ({
        ...t,
        deliveryRate: ratio(t.delivered, t.sent),
        readRate: ratio(t.read, t.sent),
      }))
      .sort((a, b) => b.sent - a.sent || a.name.localeCompare(b.name)),
    cost: costFigures(rows.pricing, priceCard),
  }
}
