import { lockDirectory, type DirLock } from '@server-kit/sqlite/dir-lock'
import { join } from 'node:path'
import type { StorageHints } from '@server-kit/sqlite/migrate'
import { IN_MEMORY, openSqlite, storageError } from '@server-kit/sqlite/open'
import type { DeliveryStore, StoredDelivery } from '../webhooks/dispatcher-types'
import type { World } from '../world/world'
import { createDeliveryRepo } from './delivery-repo'
import type { EntityMap } from './entity-map'
import { mediaFolder, noMediaFiles } from './media-files'
import { createMetaRepo, type SavedMeta } from './meta-repo'
import { migrations } from './migrations'
import { createTableRepo, type TableRepo, type Written } from './table-repo'
import { tableSpecs, type TableSpec } from './tables'

/**
 * The sandbox's world in SQLite. The world's Maps stay the working set (every lookup a Map hit);
 * the store loads them at start and writes their changes through as a unit of work: the maps
 * record what they handed out (entity-map.ts), and one transaction per batch (changes gather for
 * `flushDelayMs`, 20 ms) writes the entities that really changed, plus the config and the clock
 * offset — never a transaction per message. A sweep every second also compares the small maps
 * in full, for a change made after an `await` (a handler that looked an entity up before a
 * network call). `close()` writes everything synchronously.
 *
 *   dataDir = a folder → <dataDir>/sandbox.sqlite3 and <dataDir>/media/ (0700, files 0600)
 *   dataDir = null     → an in-memory SQLite database, same code path, no files
 */
export const SANDBOX_DATABASE_FILE = 'sandbox.sqlite3'

const HINTS: StorageHints = {
  product: 'the WhatsApp sandbox',
  elsewhere: 'move the sandbox data folder aside to start with an empty world',
}

export interface SavedState extends SavedMeta {
  /** Webhook batches a previous run left unacknowledged. */
  deliveries: StoredDelivery[]
}

export interface WorldStore {
  /** What a previous run saved (nothing on a first start or in memory). */
  readonly saved: SavedState
  /** The database file, or null in memory. */
  readonly file: string | null
  /** Fills the world's maps from disk and starts writing their changes through. */
  attach(world: World): void
  /** The dispatcher's port for batches that wait for a retry. */
  readonly deliveries: DeliveryStore
  /** Writes what changed now, in one transaction; returns the rows written (-1: it failed). */
  flush(): number
  /** Writes everything and the webhook batches still pending, then closes the database. */
  close(pending: readonly StoredDelivery[]): void
}

export interface WorldStoreOptions {
  dataDir: string | null
  log: (line: string) => void
  /** How often the small maps are compared in full (default 1 s). */
  sweepMs?: number
  /**
   * How long changes gather before they are written together (default 20 ms): a message's
   * accepted/sent statuses then cost one write, and a burst of sends one transaction. A crash
   * (not a shutdown) can lose this much.
   */
  flushDelayMs?: number
}

type DeliveryOp = { save: StoredDelivery } | { remove: number }

export function openWorldStore(options: WorldStoreOptions): WorldStore {
  if (options.dataDir === null) return openStore(options, null)
  // One sandbox per folder: two would each save their own version of the world over the other's.
  const lock = lockDirectory(options.dataDir, {
    what: 'sandbox',
    product: 'A sandbox',
    elsewhere: 'set SANDBOX_DATA_DIR to another folder',
  })
  try {
    return openStore(options, lock)
  } catch (error) {
    lock.release()
    throw error
  }
}

function openStore(options: WorldStoreOptions, lock: DirLock | null): WorldStore {
  const { dataDir, log } = options
  const file = dataDir === null ? null : join(dataDir, SANDBOX_DATABASE_FILE)
  const { db } = openSqlite({
    file: file ?? IN_MEMORY,
    migrations,
    hints: HINTS,
    fileMode: 0o600,
    dirMode: 0o700,
  })
  const files = dataDir === null ? noMediaFiles : mediaFolder(join(dataDir, 'media'))
  const meta = createMetaRepo(db)
  const deliveryRepo = createDeliveryRepo(db)
  // One repo per map; the union of entity types is erased here and restored by the spec.
  const repos = tableSpecs(files).map((spec) => createTableRepo(db, spec as TableSpec<unknown>))
  const saved: SavedState = { ...meta.read(log), deliveries: deliveryRepo.all() }

  let world: World | null = null
  let scheduled = false
  let closed = false
  let sweep: NodeJS.Timeout | null = null
  let deliveryOps: DeliveryOp[] = []
  let finalDeliveries: readonly StoredDelivery[] | null = null
  let failing = false

  const mapOf = (w: World, repo: TableRepo<unknown>) =>
    w[repo.spec.map] as unknown as EntityMap<unknown>

  const flushDelayMs = options.flushDelayMs ?? 20
  function schedule(): void {
    if (scheduled || closed) return
    scheduled = true
    setTimeout(flush, flushDelayMs).unref()
  }

  const write = db.transaction((w: World) => {
    const commits: Written[] = []
    for (const repo of repos) {
      const map = mapOf(w, repo)
      if (map.cleared || map.iterated || map.dirty.size > 0 || map.removed.size > 0)
        commits.push(repo.write(map))
    }
    meta.write('config', JSON.stringify(w.config))
    meta.write('clock_offset', String(w.clock.offset()))
    if (finalDeliveries) deliveryRepo.replaceAll(finalDeliveries)
    else
      for (const op of deliveryOps) {
        if ('save' in op) deliveryRepo.save(op.save)
        else deliveryRepo.remove(op.remove)
      }
    return commits
  })

  function flush(): number {
    scheduled = false
    if (!world || closed) return 0
    try {
      const commits = write(world)
      let rows = 0
      for (const commit of commits) {
        commit.commit()
        rows += commit.rows
      }
      meta.commit()
      for (const repo of repos) mapOf(world, repo).settle()
      deliveryOps = []
      if (failing) log('the sandbox world is saved again')
      failing = false
      return rows
    } catch (error) {
      // Nothing is lost: the changes stay marked and the next flush (or sweep) tries again.
      if (!failing) log(storageError(error, 'save the sandbox world', HINTS).message)
      failing = true
      return -1
    }
  }

  return {
    saved,
    file,
    attach(target) {
      world = target
      for (const repo of repos) {
        const map = mapOf(target, repo)
        repo.load(map)
        map.notify = schedule
      }
      target.reindex()
      if (saved.systemUserId !== target.systemUserId) {
        meta.write('system_user_id', target.systemUserId)
        meta.commit()
      }
      sweep = setInterval(() => {
        for (const repo of repos) if (repo.spec.compare) mapOf(target, repo).iterated = true
        flush()
      }, options.sweepMs ?? 1000)
      sweep.unref()
      // On disk before the first request: credentials made on a first start survive a crash.
      flush()
    },
    deliveries: {
      save(delivery) {
        deliveryOps.push({ save: delivery })
        schedule()
      },
      remove(id) {
        deliveryOps.push({ remove: id })
        schedule()
      },
    },
    flush,
    close(pending) {
      if (closed) return
      if (sweep) clearInterval(sweep)
      if (world) {
        for (const repo of repos) if (repo.spec.compare) mapOf(world, repo).iterated = true
        finalDeliveries = pending
        flush()
      }
      closed = true
      db.close()
      lock?.release()
    },
  }
}
