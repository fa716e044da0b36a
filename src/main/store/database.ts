import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '@shared/contract/errors'
import { migrate, type Migration, type MigrationReport } from './migrate'
import { migrations as allMigrations } from './migrations'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  file: string
  /**
   * Path to a better-sqlite3 binary built for this runtime. The copy in node_modules is built for
   * Node (tests); Electron in development loads an Electron-ABI build from `.native/` instead.
   */
  nativeBinding?: string | undefined
  migrations?: readonly Migration[]
  readonly?: boolean
}

export interface OpenedDatabase {
  db: Db
  migration: MigrationReport | null
}

export const DATABASE_FILE = 'wapc.sqlite3'

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  let db: Db
  try {
    if (!options.readonly) mkdirSync(dirname(options.file), { recursive: true })
    db = new Database(options.file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
    })
  } catch (error) {
    throw storageError(error, `open the database at ${options.file}`)
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
    const migration = migrate(db, options.migrations ?? allMigrations)
    return { db, migration }
  } catch (error) {
    db.close()
    throw AppError.is(error) ? error : storageError(error, 'prepare the database')
  }
}

/** Maps SQLite failures to errors a user can act on; a full disk is its own case. */
export function storageError(error: unknown, doing: string): AppError {
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
      fix: 'Check the permissions of the data directory, or set WAPC_DATA_DIR to a writable folder.',
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
