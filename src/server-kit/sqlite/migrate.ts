import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { AppError } from '@shared/contract/errors'

/** A numbered, forward-only schema change. SQL only, so its checksum is stable across builds. */
export interface Migration {
  id: number
  name: string
  sql: string
}

/**
 * Words for the errors a user sees, so each process names itself and its own way out: the core
 * says "WA Partner Console" and "set WAPC_DATA_DIR to another folder", the sandbox its own.
 */
export interface StorageHints {
  /** Who writes this data: "This data was written by a newer version of <product>". */
  product: string
  /** What to do instead of using this folder, as a phrase: "set WAPC_DATA_DIR to another folder". */
  elsewhere: string
}

export const DEFAULT_STORAGE_HINTS: StorageHints = {
  product: 'this app',
  elsewhere: 'use another data folder',
}

export interface MigrationReport {
  applied: Migration[]
  schemaVersion: number
}

export const checksum = (migration: Migration): string =>
  createHash('sha256').update(migration.sql.replace(/\r\n/g, '\n').trim()).digest('hex')

interface AppliedRow {
  id: number
  name: string
  checksum: string
}

/**
 * The one migration runner of every process (core, sandbox, relay): each keeps its own numbered
 * list and database, and this applies it.
 *
 * Applies pending migrations in order, each in its own transaction, recording a checksum per
 * migration. Refuses to run — before touching anything — when the database was written by a newer
 * app (it has migrations this build does not know) or when an applied migration's text changed
 * (the schema on disk would no longer be what the code believes).
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  hints: StorageHints = DEFAULT_STORAGE_HINTS,
): MigrationReport {
  assertWellFormed(migrations)
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`)

  const applied = db
    .prepare('SELECT id, name, checksum FROM _migrations ORDER BY id')
    .all() as AppliedRow[]
  const known = new Map(migrations.map((m) => [m.id, m]))
  const latestKnown = migrations.at(-1)?.id ?? 0

  const unknown = applied.filter((row) => !known.has(row.id))
  if (unknown.length > 0) {
    const newest = Math.max(...unknown.map((row) => row.id))
    throw new AppError(
      'STORAGE',
      `This data was written by a newer version of ${hints.product} (schema ${newest}; this version knows up to ${latestKnown}).`,
      {
        fix: `Install the newer version again, or ${hints.elsewhere}. The data has not been changed.`,
        details: { reason: 'database-newer', schema: newest, known: latestKnown },
      },
    )
  }

  for (const row of applied) {
    const migration = known.get(row.id)!
    if (checksum(migration) !== row.checksum) {
      throw new AppError(
        'STORAGE',
        `Migration ${row.id} (${row.name}) was changed after it was applied to this database.`,
        {
          fix: 'Applied migrations are immutable: restore the original migration and add a new one for the change.',
          details: { reason: 'migration-changed', id: row.id },
        },
      )
    }
  }

  const done = new Set(applied.map((row) => row.id))
  const pending = migrations.filter((m) => !done.has(m.id))
  const record = db.prepare(
    'INSERT INTO _migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  )
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql)
      record.run(migration.id, migration.name, checksum(migration), new Date().toISOString())
    })()
  }
  // Mirror the version where external tools (sqlite3 CLI, inspectors) look for it.
  db.pragma(`user_version = ${latestKnown}`)
  return { applied: pending, schemaVersion: latestKnown }
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(
        `Migrations must be numbered 1, 2, 3… without gaps; found ${migration.id} at position ${index + 1}`,
      )
    }
  })
}

export interface AppliedMigration {
  id: number
  name: string
  checksum: string
  applied_at: string
}

/** What the database says was applied (read-only; for inspection). */
export function appliedMigrations(db: Database.Database): AppliedMigration[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'")
    .get()
  if (!exists) return []
  return db
    .prepare('SELECT id, name, checksum, applied_at FROM _migrations ORDER BY id')
    .all() as AppliedMigration[]
}
