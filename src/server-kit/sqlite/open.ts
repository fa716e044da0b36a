import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '@shared/contract/errors'
import {
  DEFAULT_STORAGE_HINTS,
  migrate,
  type Migration,
  type MigrationReport,
  type StorageHints,
} from './migrate'

export type Db = Database.Database

/** SQLite's name for a database that lives in memory only (no file, gone on close). */
export const IN_MEMORY = ':memory:'

export interface OpenSqliteOptions {
  /** A file path, or `IN_MEMORY`. The file's folder is created when missing. */
  file: string
  migrations: readonly Migration[]
  readonly?: boolean
  /** Unix mode of the file (and of the WAL/SHM files SQLite derives from it) when it is created. */
  fileMode?: number
  /** Mode of the folder when it is created (e.g. 0o700 for a folder holding credentials). */
  dirMode?: number
  hints?: StorageHints
  /** Passed to better-sqlite3 as is (a process may have driver options of its own). */
  driver?: Database.Options
}

export interface OpenedSqlite {
  db: Db
  migration: MigrationReport | null
}

/**
 * Opens a SQLite database the way every process here does: WAL journal (readers never block the
 * writer), `synchronous = NORMAL` (durable across process crashes; a power cut may lose the last
 * transactions, never corrupt), foreign keys on, a busy timeout, then the process's migrations.
 * Read-only opens skip migrations and set `query_only`. Failures become AppErrors with a fix.
 */
export function openSqlite(options: OpenSqliteOptions): OpenedSqlite {
  const hints = options.hints ?? DEFAULT_STORAGE_HINTS
  const memory = options.file === IN_MEMORY
  let db: Db
  try {
    if (!options.readonly && !memory) {
      mkdirSync(dirname(options.file), {
        recursive: true,
        ...(options.dirMode === undefined ? {} : { mode: options.dirMode }),
      })
      // Created here rather than by SQLite so it gets its mode; 'a' never truncates.
      if (options.fileMode !== undefined) closeSync(openSync(options.file, 'a', options.fileMode))
    }
    db = new Database(options.file, {
      ...options.driver,
      ...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
    })
  } catch (error) {
    throw storageError(error, `open the database at ${options.file}`, hints)
  }
  try {
    if (options.readonly) {
      db.pragma('query_only = ON')
      return { db, migration: null }
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const migration = migrate(db, options.migrations, hints)
    return { db, migration }
  } catch (error) {
    db.close()
    throw AppError.is(error) ? error : storageError(error, 'prepare the database', hints)
  }
}

/** Maps SQLite failures to errors a user can act on; a full disk is its own case. */
export function storageError(
  error: unknown,
  doing: string,
  hints: StorageHints = DEFAULT_STORAGE_HINTS,
): AppError {
  const code = (error as { code?: unknown })?.code
  const message = (error as Error)?.message ?? String(error)
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/i.test(message)) {
    return new AppError('DISK_FULL', `The disk is full: could not ${doing}.`, {
      fix: 'Free some disk space; nothing was lost — the change was not written and can be retried.',
      retryable: true,
      cause: error,
    })
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new AppError(
      'STORAGE',
      `The database file is damaged or not a database: could not ${doing}.`,
      {
        fix: 'Restore the data directory from a backup, or move the file aside to start fresh.',
        cause: error,
      },
    )
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    /EACCES|EPERM|EROFS/.test(message)
  ) {
    return new AppError('STORAGE', `Could not ${doing}: the data directory is not writable.`, {
      fix: `Check the permissions of the data directory, or ${hints.elsewhere}.`,
      cause: error,
    })
  }
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return new AppError('STORAGE', 'The SQLite driver was built for another runtime.', {
      fix: 'Run `npm rebuild better-sqlite3` for Node, or `npm start` (which builds the Electron copy).',
      cause: error,
    })
  }
  return new AppError('STORAGE', `Could not ${doing}: ${message}`, { cause: error })
}
