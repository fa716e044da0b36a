import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '@shared/contract/errors'
import { storageError } from './open'

/** The lock itself: an SQLite file held in exclusive locking mode. */
export const LOCK_FILE = 'instance.lock'
/** Who holds it, for the message the next process shows (informational; the lock is the file). */
export const HOLDER_FILE = 'instance.lock.json'

export interface LockHolder {
  pid: number
  /** What holds it, in words: "browser mode", "the desktop app", "the relay". */
  what: string
  /** Epoch ms. */
  since: number
}

export interface DirLockOptions {
  /** What is taking the lock, in words (see LockHolder.what). */
  what: string
  /** The product, for the message: "WA Partner Console", "A relay". */
  product: string
  /** How to run a second one anyway, as a sentence fragment: "set WAPC_DATA_DIR to another folder". */
  elsewhere: string
  now?: () => number
}

export interface DirLock {
  readonly holder: LockHolder
  /** Gives the folder back; safe to call twice. */
  release(): void
}

/**
 * One process per data folder. Two processes writing the same folder would each send the outbox,
 * run a tunnel and trim the same files; the second one must stop at start with a message that says
 * who holds the folder. The lock is SQLite's own file lock (POSIX advisory lock, LockFileEx on
 * Windows) on a small file opened in exclusive locking mode
 * (https://www.sqlite.org/pragma.html#pragma_locking_mode): the operating system drops it when the
 * process ends in any way, kill -9 and power cuts included, so a crash never leaves a stale lock.
 * SQLite keeps one lock table per process, so a second open in the same process is refused too.
 */
/** The folder is created (owner-only) when missing. */
export function lockDirectory(dir: string, options: DirLockOptions): DirLock {
  const file = join(dir, LOCK_FILE)
  let db: Database.Database
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    // Created here so it gets an owner-only mode like the other files; 'a' never truncates.
    closeSync(openSync(file, 'a', 0o600))
    db = new Database(file, { timeout: 0 })
  } catch (error) {
    throw storageError(error, `open the lock file ${file}`)
  }
  try {
    db.pragma('journal_mode = MEMORY')
    db.pragma('locking_mode = EXCLUSIVE')
    // The first write transaction takes the exclusive lock; exclusive mode keeps it until close.
    db.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (error) {
    db.close()
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY')
      throw inUse(dir, readHolder(dir), options)
    throw storageError(error, `lock ${dir}`)
  }
  const holder: LockHolder = {
    pid: process.pid,
    what: options.what,
    since: (options.now ?? Date.now)(),
  }
  try {
    writeFileSync(join(dir, HOLDER_FILE), JSON.stringify(holder), { mode: 0o600 })
  } catch {
    // Only the refusal's message uses it; the lock holds without it.
  }
  let released = false
  return {
    holder,
    release() {
      if (released) return
      released = true
      rmSync(join(dir, HOLDER_FILE), { force: true })
      db.close()
    },
  }
}

/** The holder's note, when there is a readable one (absent on a fresh folder or a failed write). */
export function readHolder(dir: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(join(dir, HOLDER_FILE), 'utf8')) as Partial<LockHolder>
    if (
      typeof value.pid !== 'number' ||
      typeof value.what !== 'string' ||
      typeof value.since !== 'number'
    )
      return null
    return { pid: value.pid, what: value.what, since: value.since }
  } catch {
    return null
  }
}

function inUse(dir: string, holder: LockHolder | null, options: DirLockOptions): AppError {
  const who = holder
    ? ` (${holder.what}, process ${holder.pid}, since ${new Date(holder.since).toISOString()})`
    : ''
  return new AppError('CONFLICT', `${options.product} is already running on ${dir}${who}.`, {
    fix: `Use that one, or stop it first; to run both, ${options.elsewhere}.`,
    details: { dataDir: dir, ...(holder ? { holderPid: holder.pid } : {}) },
  })
}
