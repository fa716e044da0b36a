import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '@shared/contract/errors'
import { redact } from '@shared/redact'
import { createAuditRepo } from '../store/audit-repo'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { appliedMigrations } from '@server-kit/sqlite/migrate'
import { migrations } from '../store/migrations'
import { createSettingsRepo } from '../store/settings-repo'

type Row = Record<string, unknown>

/** Entities this version records. Later features add theirs (clients, conversations, messages…). */
export const entities = {
  info: 'the data directory, database size and schema version',
  settings: 'non-secret settings saved from the console',
  audit: 'who changed what, newest first (secrets are never recorded)',
  migrations: 'schema migrations applied to this database',
} as const
export type Entity = keyof typeof entities

export interface InspectOptions {
  dataDir: string
  entity: string
  limit?: number
}

/**
 * Read-only inspection of a data directory: opens the database with `query_only`, so inspecting
 * can never change a record — safe while the console is running (WAL allows concurrent readers).
 */
export function inspect({ dataDir, entity, limit = 100 }: InspectOptions): Row[] {
  if (!(entity in entities)) {
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
    switch (entity as Entity) {
      case 'info': {
        const applied = appliedMigrations(db)
        return [
          {
            data_dir: dataDir,
            database: file,
            size_bytes: statSync(file).size,
            schema_version: applied.at(-1)?.id ?? 0,
            app_schema_version: migrations.length,
          },
        ]
      }
      case 'settings':
        return createSettingsRepo(db)
          .rows()
          .map((row) => ({ ...row }))
      case 'audit':
        return createAuditRepo(db)
          .recent(limit)
          .map((entry) => ({ ...entry, details: JSON.stringify(redact(entry.details)) }))
      case 'migrations':
        return appliedMigrations(db).map((row) => ({ ...row, checksum: row.checksum.slice(0, 12) }))
    }
  } finally {
    db.close()
  }
}

/** Rows as an aligned text table (no external formatting dependency). */
export function formatTable(rows: Row[]): string {
  if (rows.length === 0) return '(none)'
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const cell = (value: unknown) =>
    (value === null || value === undefined ? '' : String(value)).replace(/\s+/g, ' ')
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
