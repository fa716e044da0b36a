import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'

const cache = new WeakMap<Db, Map<string, Statement>>()

/**
 * `db.prepare(source)`, prepared once per database: ingestion runs the same few statements for
 * every update of a 1,000-update batch.
 *
 * Prepared once is not compiled once: "if the specific value bound to a host parameter in the
 * WHERE clause might influence the choice of query plan for a statement, then the statement will
 * be automatically recompiled […] following any change to the bindings of that parameter"
 * (https://sqlite.org/c3ref/prepare.html), and better-sqlite3 clears the bindings after every
 * run. SQLite counts an `x = ?` it could also apply as a filter (a join, a query with ORDER BY)
 * as such a parameter, so those statements are parsed and planned again on every run (10–20 µs).
 * Hot statements write `x = +?`: the same index and plan, the same comparison (a parameter has
 * no affinity either way), and the value is no longer looked at while planning.
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
