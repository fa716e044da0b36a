import type { Db } from '@server-kit/sqlite/open'
import type { EntityMap } from './entity-map'
import type { TableSpec } from './tables'

/**
 * One world map's table: load it into the map at start, and write what the map recorded as
 * changed (entity-map.ts) — inside the store's one transaction per flush.
 */
export interface TableRepo<V> {
  readonly spec: TableSpec<V>
  /** Fills the map (untracked) in rowid order; drops rows that cannot be restored. */
  load(map: EntityMap<V>): number
  /** Writes the map's changes since the last flush; returns what to remember once committed. */
  write(map: EntityMap<V>): Written
}

/** JSON last written per key, applied to the repo's memory only after the commit succeeds. */
export interface Written {
  rows: number
  commit(): void
}

export function createTableRepo<V>(db: Db, spec: TableSpec<V>): TableRepo<V> {
  const t = spec.table
  const cols = ['key', ...spec.columnNames, 'data']
  const upsert = db.prepare(
    `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
     ON CONFLICT (key) DO UPDATE SET ${cols
       .slice(1)
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`,
  )
  const remove = db.prepare(`DELETE FROM ${t} WHERE key = ?`)
  const removeAll = db.prepare(`DELETE FROM ${t}`)
  const all = db.prepare(`SELECT key, data FROM ${t} ORDER BY rowid`)
  /** Small tables: the JSON on disk per key, to skip writing what did not change. */
  const written = new Map<string, string>()

  return {
    spec,
    load(map) {
      let count = 0
      for (const row of all.iterate() as IterableIterator<{ key: string; data: string }>) {
        const value = spec.fromJson(row.data, row.key)
        if (value === null) {
          remove.run(row.key)
          continue
        }
        map.load(row.key, value)
        if (spec.compare) written.set(row.key, row.data)
        count++
      }
      return count
    },
    write(map) {
      // key → JSON written (null: deleted); applied to `written` once the transaction commits.
      const pending = new Map<string, string | null>()
      let cleared = false
      let rows = 0
      if (map.cleared) {
        removeAll.run()
        spec.afterClear?.()
        cleared = true
      }
      for (const key of map.removed) {
        // Deleted, or deleted and set again: the old row goes first so the new one is last in
        // rowid order, as it is last in the Map.
        remove.run(key)
        spec.afterRemove?.(key)
        pending.set(key, null)
        rows++
      }
      const keys = map.iterated && spec.compare ? map.keys() : map.dirty
      for (const key of keys) {
        const value = map.peek(key)
        if (value === undefined) continue
        const json = spec.toJson(value)
        const before = pending.has(key) ? pending.get(key) : cleared ? null : written.get(key)
        if (spec.compare && before === json) continue
        spec.beforeWrite?.(key, value, before === undefined || before === null)
        upsert.run(key, ...spec.columns(value), json)
        if (spec.compare) pending.set(key, json)
        rows++
      }
      return {
        rows,
        commit() {
          if (cleared) written.clear()
          for (const [key, json] of pending) {
            if (json === null) written.delete(key)
            else written.set(key, json)
          }
        },
      }
    },
  }
}
