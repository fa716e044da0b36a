import type { Db } from '../store/database'
import { factsOf, type Fact, type FactSource } from './facts'
import { SOURCE_COLUMNS } from './refresh'

/**
 * The analytics computed from scratch, for tests: every conversation's facts by one walk from its
 * first message, and the rollups as plain sums over them (not the triggers). The maintained
 * tables must equal these after any sequence of webhooks.
 */

export function factsFromScratch(db: Db): Fact[] {
  const conversations = db
    .prepare<[], { id: number; phone_number_id: string; wa_id: string | null }>(
      `SELECT c.id, c.phone_number_id, k.wa_id FROM conversations c
         LEFT JOIN contacts k ON k.id = c.contact_id ORDER BY c.id`,
    )
    .all()
  const select = db.prepare<[number], FactSource>(
    `SELECT ${SOURCE_COLUMNS} FROM messages m WHERE m.conversation_id = ? ORDER BY m.timestamp, m.id`,
  )
  return conversations
    .flatMap((c) =>
      factsOf(
        select.all(c.id),
        { phoneNumberId: c.phone_number_id, waId: c.wa_id },
        { lastInboundAt: null },
      ),
    )
    .sort((a, b) => a.message_id - b.message_id)
}

type Rollup = Record<string, string | number>

/** Sums `values(fact)` per key, dropping rows whose counters are all zero. */
function sum(
  facts: Fact[],
  keyOf: (f: Fact) => Rollup | null,
  values: (f: Fact) => Record<string, number>,
): Rollup[] {
  const rows = new Map<string, { key: Rollup; counters: Record<string, number> }>()
  for (const fact of facts) {
    const key = keyOf(fact)
    if (!key) continue
    const id = JSON.stringify(key)
    const row = rows.get(id) ?? { key, counters: {} }
    for (const [name, v] of Object.entries(values(fact)))
      row.counters[name] = (row.counters[name] ?? 0) + v
    rows.set(id, row)
  }
  return sorted(
    [...rows.values()]
      .filter((row) => Object.values(row.counters).some((v) => v !== 0))
      .map((row) => ({ ...row.key, ...row.counters })),
  )
}

const sorted = (rows: Rollup[]) =>
  rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

export function rollupsFromScratch(db: Db) {
  const facts = factsFromScratch(db)
  const at = (f: Fact) => ({ day: f.day, phone_number_id: f.phone_number_id })
  return {
    analytics_daily: sum(facts, at, (f) => ({
      messages_in: f.direction === 'in' ? 1 : 0,
      messages_out: f.direction === 'out' ? 1 : 0,
      accepted: f.accepted,
      delivered: f.delivered,
      read: f.read,
      failed: f.failed,
    })),
    analytics_daily_origins: sum(
      facts,
      (f) => (f.direction === 'out' ? { ...at(f), origin: f.origin! } : null),
      () => ({ n: 1 }),
    ),
    analytics_daily_failures: sum(
      facts,
      (f) => (f.failed ? { ...at(f), error_code: f.error_code ?? -1 } : null),
      () => ({ n: 1 }),
    ),
    analytics_daily_templates: sum(
      facts,
      (f) =>
        f.template ? { ...at(f), name: f.template, language: f.template_language ?? '' } : null,
      (f) => ({ sent: f.accepted, delivered: f.delivered, read: f.read, failed: f.failed }),
    ),
    analytics_daily_pricing: sum(
      facts,
      (f) =>
        f.pricing_category !== null || f.pricing_type !== null
          ? {
              ...at(f),
              country: f.country ?? '',
              category: f.pricing_category ?? '',
              pricing_type: f.pricing_type ?? '',
              charged: f.charged,
            }
          : null,
      () => ({ n: 1 }),
    ),
    analytics_daily_responses: sum(
      facts,
      (f) =>
        f.response_ms !== null
          ? { ...at(f), origin: f.origin!, first: f.first_response, bucket: f.response_bucket! }
          : null,
      (f) => ({ n: 1, total_ms: f.response_ms! }),
    ),
    analytics_monthly_responses: sum(
      facts,
      (f) =>
        f.response_ms !== null
          ? {
              month: f.day.slice(0, 7),
              phone_number_id: f.phone_number_id,
              origin: f.origin!,
              first: f.first_response,
              bucket: f.response_bucket!,
            }
          : null,
      (f) => ({ n: 1, total_ms: f.response_ms! }),
    ),
  }
}

const COUNTERS: Record<string, string[]> = {
  analytics_daily: ['messages_in', 'messages_out', 'accepted', 'delivered', 'read', 'failed'],
  analytics_daily_origins: ['n'],
  analytics_daily_failures: ['n'],
  analytics_daily_templates: ['sent', 'delivered', 'read', 'failed'],
  analytics_daily_pricing: ['n'],
  analytics_daily_responses: ['n', 'total_ms'],
  analytics_monthly_responses: ['n', 'total_ms'],
}

/** The maintained rollup tables, rows with every counter at zero left out. */
export function storedRollups(db: Db): ReturnType<typeof rollupsFromScratch> {
  const read = (table: string) =>
    sorted(
      db
        .prepare<[], Rollup>(`SELECT * FROM ${table}`)
        .all()
        .filter((row) => COUNTERS[table]!.some((c) => row[c] !== 0)),
    )
  return Object.fromEntries(Object.keys(COUNTERS).map((t) => [t, read(t)])) as ReturnType<
    typeof rollupsFromScratch
  >
}

export function storedFacts(db: Db): Fact[] {
  return db.prepare<[], Fact>('SELECT * FROM analytics_facts ORDER BY message_id').all()
}
