import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../test-support/temp-dir'
import { migrate } from '@server-kit/sqlite/migrate'
import { migrations } from './index'

/** Migrates a real database file up to `version` (inclusive). */
const upTo = (db: Database.Database, version: number) => migrate(db, migrations.slice(0, version))

describe('shipped migrations', () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  it('are numbered without gaps and apply cleanly to a fresh database', () => {
    expect(migrate(db, migrations).schemaVersion).toBe(migrations.length)
  })

  it('0001 creates a strict settings table keyed by name', () => {
    upTo(db, 1)
    db.prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'dark', '2026-01-01')",
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'light', '2026-01-02')",
        )
        .run(),
    ).toThrow(/UNIQUE/)
    // STRICT: a non-text value is refused rather than silently stored.
    expect(() =>
      db
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', ?, 'y')")
        .run(Buffer.from('a')),
    ).toThrow(/cannot store BLOB/)
  })

  it('0002 adds the audit log on top of 0001 data, listed by time through its index', () => {
    upTo(db, 1)
    db.prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'dark', '2026-01-01')",
    ).run()
    upTo(db, 2)
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: 'dark' })
    db.prepare(
      "INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01T00:00:00Z', 'user', 'settings.set')",
    ).run()
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT 10')
      .all() as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/audit_log_by_time/)
    const bySubject = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE subject = 'x' ORDER BY at DESC")
      .all() as { detail: string }[]
    expect(bySubject.map((row) => row.detail).join(' ')).toMatch(/audit_log_by_subject/)
  })
})
