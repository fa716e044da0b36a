import type { Db } from '../store/database'
import { prep } from '../messaging/sql'
import type { Fact } from './facts'

/**
 * The rollups (`analytics_daily*`, `analytics_monthly_responses`, migrations 0008 and 0010) are
 * the sums over `analytics_facts`. refresh.ts hands every fact it writes or deletes here, the old
 * row with sign -1 and the new one with +1; the changes are summed per rollup row in memory and
 * written at the end of the refresh with one upsert per row that moved (migration 0015 dropped
 * the triggers that did this per fact). So a catch-up batch of 500 messages on one day and number
 * writes a handful of rollup rows, and the rollups still equal the sum over the facts whatever
 * the order or repetition of the webhooks.
 */

type Key = (string | number)[]

interface Rollup {
  table: string
  keys: readonly string[]
  counters: readonly string[]
  /** The row a fact counts in and what it adds there, or null when it counts in none. */
  of(f: Fact): { key: Key; values: number[] } | null
}

const at = (f: Fact): Key => [f.day, f.phone_number_id]
const responseKey = (f: Fact): Key => [f.origin!, f.first_response, f.response_bucket!]
const responses = (month: boolean) => (f: Fact) =>
  f.response_ms === null
    ? null
    : {
        key: [month ? f.day.slice(0, 7) : f.day, f.phone_number_id, ...responseKey(f)],
        values: [1, f.response_ms],
      }

const ROLLUPS: readonly Rollup[] = [
  {
    table: 'analytics_daily',
    keys: ['day', 'phone_number_id'],
    counters: ['messages_in', 'messages_out', 'accepted', 'delivered', 'read', 'failed'],
    of: (f) => ({
      key: at(f),
      values: [
        f.direction === 'in' ? 1 : 0,
        f.direction === 'out' ? 1 : 0,
        f.accepted,
        f.delivered,
        f.read,
        f.failed,
      ],
    }),
  },
  {
    table: 'analytics_daily_origins',
    keys: ['day', 'phone_number_id', 'origin'],
    counters: ['n'],
    of: (f) => (f.direction === 'out' ? { key: [...at(f), f.origin!], values: [1] } : null),
  },
  {
    table: 'analytics_daily_failures',
    keys: ['day', 'phone_number_id', 'error_code'],
    counters: ['n'],
    of: (f) => (f.failed ? { key: [...at(f), f.error_code ?? -1], values: [1] } : null),
  },
  {
    table: 'analytics_daily_templates',
    keys: ['day', 'phone_number_id', 'name', 'language'],
    counters: ['sent', 'delivered', 'read', 'failed'],
    of: (f) =>
      f.template === null
        ? null
        : {
            key: [...at(f), f.template, f.template_language ?? ''],
            values: [f.accepted, f.delivered, f.read, f.failed],
          },
  },
  {
    table: 'analytics_daily_pricing',
    keys: ['day', 'phone_number_id', 'country', 'category', 'pricing_type', 'charged'],
    counters: ['n'],
    of: (f) =>
      f.pricing_category === null && f.pricing_type === null
        ? null
        : {
            key: [
              ...at(f),
              f.country ?? '',
              f.pricing_category ?? '',
              f.pricing_type ?? '',
              f.charged,
            ],
            values: [1],
          },
  },
  {
    table: 'analytics_daily_responses',
    keys: ['day', 'phone_number_id', 'origin', 'first', 'bucket'],
    counters: ['n', 'total_ms'],
    of: responses(false),
  },
  {
    table: 'analytics_monthly_responses',
    keys: ['month', 'phone_number_id', 'origin', 'first', 'bucket'],
    counters: ['n', 'total_ms'],
    of: responses(true),
  },
]

const upsertOf = ({ table, keys, counters }: Rollup) => {
  const columns = [...keys, ...counters]
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
      ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
}
const UPSERTS = ROLLUPS.map(upsertOf)

export interface RollupDeltas {
  /** A fact's contribution added (`sign` 1: written) or taken off (-1: rewritten or deleted). */
  add(fact: Fact, sign: 1 | -1): void
  /** Writes the summed changes (rows whose changes cancel out are left alone) and forgets them. */
  write(db: Db): void
}

export function createRollupDeltas(): RollupDeltas {
  const rows = ROLLUPS.map(() => new Map<string, { key: Key; values: number[] }>())
  return {
    add(fact, sign) {
      ROLLUPS.forEach((rollup, i) => {
        const row = rollup.of(fact)
        if (!row) return
        const id = row.key.join('\u0000')
        const sum = rows[i]!.get(id)
        if (!sum) rows[i]!.set(id, { key: row.key, values: row.values.map((v) => sign * v) })
        else row.values.forEach((v, c) => (sum.values[c]! += sign * v))
      })
    },
    write(db) {
      rows.forEach((sums, i) => {
        const upsert = prep(db, UPSERTS[i]!)
        for (const { key, values } of sums.values())
          if (values.some((v) => v !== 0)) upsert.run(...key, ...values)
        sums.clear()
      })
    },
  }
}
