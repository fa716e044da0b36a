import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '@shared/contract/errors'
import { analyticsEntities } from '../analytics/inspect'
import { draftsEntities } from '../drafts/inspect'
import { messagingEntities } from '../messaging/inspect'
import { onboardingEntities } from '../onboarding/inspect'
import { sendingEntities } from '../outbox/inspect'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { tunnelEntities } from '../tunnel/inspect'
import { coreEntities } from './core-entities'
import type { InspectEntity, Row } from './entity'

/** Every entity, one spread per domain (each domain module lists its own). */
export const entities: Record<string, InspectEntity> = {
  ...coreEntities,
  ...onboardingEntities,
  ...tunnelEntities,
  ...messagingEntities,
  ...sendingEntities,
  ...analyticsEntities,
  ...draftsEntities,
}

export interface InspectOptions {
  dataDir: string
  entity: string
  limit?: number
  since?: number
  client?: string
}

/**
 * Read-only inspection of a data directory: opens the database with `query_only`, so inspecting
 * can never change a record — safe while the console is running (WAL allows concurrent readers).
 */
export function inspect({ dataDir, entity, limit = 100, ...filters }: InspectOptions): Row[] {
  const chosen = Object.hasOwn(entities, entity) ? entities[entity] : undefined
  if (!chosen) {
    throw new AppError('VALIDATION', `Unknown entity "${entity}".`, {
      fix: `Use one of: ${Object.keys(entities).join(', ')}.`,
    })
  }
  const file = join(dataDir, DATABASE_FILE)
  if (!existsSync(file)) {
    throw new AppError('NOT_FOUND', `No console data in ${dataDir}.`, {
      fix: 'Start the console once (npm start or npm run web), or point WAPC_DATA_DIR at its data directory.',
    })
  }
  const { db } = openDatabase({ file, readonly: true })
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    if ((chosen.tables ?? []).some((table) => !exists.get(table))) return []
    return chosen.rows(db, { dataDir, file, limit, ...filters })
  } finally {
    db.close()
  }
}

const AGE_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `--since`: an ISO 8601 date or time, or an age before `nowMs` (`30m`, `24h`, `7d`). */
export function parseSince(value: string, nowMs: number): number {
  const age = /^(\d+)([mhd])$/.exec(value.trim())
  if (age) return nowMs - Number(age[1]) * AGE_UNITS[age[2]!]!
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(at))
    throw new AppError('VALIDATION', `--since "${value}" is not a date, a time or an age.`, {
      fix: 'Use an ISO 8601 date or time (2026-01-31, 2026-01-31T09:00:00Z) or an age (30m, 24h, 7d).',
    })
  return at
}

/** One JSON object per line (`--json`): easy to grep, stream and load. */
export function formatJsonLines(rows: Row[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n')
}

/** Rows as CSV (`--csv`): the one CSV writer, shared with the console's exports. */
export { formatCsv } from '@shared/csv'

/** Rows as an aligned text table (no external formatting dependency). */
export function formatTable(rows: Row[]): string {
  if (rows.length === 0) return '(none)'
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const cell = (value: unknown) =>
    (value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value)
    ).replace(/\s+/g, ' ')
  const widths = columns.map((c) =>
    Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))),
  )
  const line = (values: string[]) =>
    values
      .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n')
}
