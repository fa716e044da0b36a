import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'

const cache = new WeakMap<Db, Map<string, Statement>>()

/**
 * `db.prepare(source)`, prepared once per database: ingestion runs the same few statements for
 * every update of a 1,000-update batch.
 */
export function prep<P extends unknown[] = unknown[], R = unknown>(
  db: Db,
  source: string,
): Statement<P, R> {
  let statements = cache.get(db)
  if (!statements) cache.set(db, (statements = new Map()))
  let statement = statements.get(source)
  if (!statement) statements.set(source, (statement = db.prepare(source)))
  return statement as unknown as Statement<P, R>
}
