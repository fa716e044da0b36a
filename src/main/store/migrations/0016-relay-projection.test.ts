import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migration0016 } from './0016-relay-projection'
import { openBefore } from './test-db'

describe(`migration ${migration0016.id} (relay projection)`, () => {
  let db: Database.Database
  let upgrade: () => unknown
  let close: () => void
  beforeEach(() => ({ db, upgrade, close } = openBefore(migration0016.id)))
  afterEach(() => close())
  const record = (cursor: string) =>
    db
      .prepare(
        `INSERT INTO relay_events (log_id, cursor, received_at, headers, body, applied_at)
         VALUES ('log', ?, 1, '{}', x'7b7d', 1)`,
      )
      .run(cursor)
  const position = () =>
    db.prepare("SELECT seq FROM relay_projections WHERE name = 'messaging'").pluck().get()

  it('starts the messaging projection after the newest event (each was applied by the tunnel)', () => {
    record('1')
    record('2')
    upgrade()
    expect(position()).toBe(2)
  })

  it('starts at 0 on a database with no event yet', () => {
    upgrade()
    expect(position()).toBe(0)
  })
})
