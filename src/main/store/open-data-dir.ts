import { join } from 'node:path'
import { lockDirectory, type DirLock } from '@server-kit/sqlite/dir-lock'
import type { Db } from '@server-kit/sqlite/open'
import type { Config } from '../config/config'
import { prepareDataDir, PRODUCT_NAME } from '../config/data-dir'
import { createLogger, type Logger } from '../logger'
import { DATABASE_FILE, openDatabase } from './database'

export interface DataDirDeps {
  config: Pick<Config, 'dataDir' | 'logLevel'>
  runtime: 'electron' | 'node'
  /** Replaces the logger that writes `<data dir>/logs/wapc.log`. */
  log?: Logger
}

export interface OpenedDataDir {
  /** Holds the folder; release it last, once everything in it is closed. */
  lock: DirLock
  log: Logger
  db: Db
}

/**
 * Prepares and locks the data directory, then opens the logger and the database in it. If the
 * database cannot be opened the lock is given back before the error propagates.
 */
export function openDataDir(deps: DataDirDeps): OpenedDataDir {
  const { config, runtime } = deps
  prepareDataDir(config.dataDir)
  // One console per data folder: a second one would send the same outbox and run a second tunnel.
  const lock = lockDirectory(config.dataDir, {
    what: runtime === 'electron' ? 'the desktop app' : 'browser mode',
    product: PRODUCT_NAME,
    elsewhere: 'give the second one its own folder with WAPC_DATA_DIR',
  })
  const log =
    deps.log ??
    createLogger({
      level: config.logLevel,
      file: join(config.dataDir, 'logs', 'wapc.log'),
      bindings: { runtime },
    })
  try {
    return { lock, log, db: openDatabase({ file: join(config.dataDir, DATABASE_FILE) }).db }
  } catch (error) {
    lock.release()
    throw error
  }
}
