import { chmodSync, existsSync } from 'node:fs'
import type { Migration, MigrationReport, StorageHints } from '@server-kit/sqlite/migrate'
import { openSqlite, storageError as kitStorageError, type Db } from '@server-kit/sqlite/open'
import type { AppError } from '@shared/contract/errors'
import { migrations as allMigrations } from './migrations'

export type { Db }

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

/** How the console's storage errors name the product and the way out. */
export const CORE_STORAGE_HINTS: StorageHints = {
  product: 'WA Partner Console',
  elsewhere: 'set WAPC_DATA_DIR to another folder',
}

/**
 * The console's own database (settings, audit trail, …) with the core's migrations. Owner-only:
 * created 0600 (SQLite gives its -wal and -shm files the same mode) in a 0700 folder, and files an
 * earlier build left readable by others are tightened first.
 */
export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  if (!options.readonly)
    for (const path of [options.file, `${options.file}-wal`, `${options.file}-shm`])
      if (existsSync(path)) chmodSync(path, 0o600)
  return openSqlite({
    file: options.file,
    migrations: options.migrations ?? allMigrations,
    hints: CORE_STORAGE_HINTS,
    fileMode: 0o600,
    dirMode: 0o700,
    ...(options.readonly ? { readonly: true } : {}),
    driver: options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  })
}

/** Maps SQLite failures to errors a user can act on (see server-kit's storageError). */
export function storageError(error: unknown, doing: string): AppError {
  return kitStorageError(error, doing, CORE_STORAGE_HINTS)
}
