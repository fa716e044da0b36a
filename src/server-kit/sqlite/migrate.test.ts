import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { appliedMigrations, checksum, migrate, type Migration } from './migrate'

const m1: Migration = {
  id: 1,
  name: 'one',
  sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY) STRICT;',
}
const m2: Migration = {
  id: 2,
  name: 'two',
  sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY, v TEXT) STRICT;',
}

describe('migrate', () => {
  let dir: string
  let file: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'server-kit-migrate-'))
    file = join(dir, 'test.sqlite3')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const open = () => new Database(file)
  const tables = (db: Database.Database) =>
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((row) => row.name)

  it('creates a fresh database with every migration and records their checksums', () => {
    const db = open()
    const report = migrate(db, [m1, m2])
    expect(report.applied.map((m) => m.id)).toEqual([1, 2])
    expect(tables(db)).toEqual(['_migrations', 'one', 'two'])
    const rows = db.prepare('SELECT id, checksum FROM _migrations ORDER BY id').all()
    expect(rows).toEqual([
      { id: 1, checksum: checksum(m1) },
      { id: 2, checksum: checksum(m2) },
    ])
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    db.close()
  })

  it('upgrades an older database by applying only the missing migrations, keeping data', () => {
    const db = open()
    migrate(db, [m1])
    db.prepare('INSERT INTO one (id) VALUES (42)').run()
    db.close()

    const again = open()
    const report = migrate(again, [m1, m2])
    expect(report.applied.map((m) => m.id)).toEqual([2])
    expect(again.prepare('SELECT id FROM one').all()).toEqual([{ id: 42 }])
    expect(tables(again)).toContain('two')
    again.close()
  })

  it('is a no-op when everything is applied', () => {
    const db = open()
    migrate(db, [m1, m2])
    expect(migrate(db, [m1, m2]).applied).toEqual([])
    db.close()
  })

  it('refuses to run when an applied migration was changed, and changes nothing', () => {
    const db = open()
    migrate(db, [m1])
    const edited = { ...m1, sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY, extra TEXT) STRICT;' }
    let caught: unknown
    try {
      migrate(db, [edited, m2])
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    expect((caught as AppError).code).toBe('STORAGE')
    expect((caught as AppError).details).toMatchObject({ reason: 'migration-changed', id: 1 })
    expect(tables(db)).not.toContain('two')
    db.close()
  })

  it('refuses to open a database written by a newer app, and changes nothing', () => {
    const db = open()
    migrate(db, [m1, m2])
    let caught: unknown
    try {
      migrate(db, [m1], { product: 'Test App', elsewhere: 'set TEST_DIR to another folder' })
    } catch (error) {
      caught = error
    }
    expect((caught as AppError).code).toBe('STORAGE')
    expect((caught as AppError).message).toMatch(
      /newer version of Test App \(schema 2; .* up to 1\)/,
    )
    expect((caught as AppError).fix).toMatch(/TEST_DIR/)
    expect(tables(db)).toEqual(['_migrations', 'one', 'two'])
    db.close()
  })

  it('rolls back a migration that fails halfway and records nothing for it', () => {
    const db = open()
    const broken: Migration = {
      id: 2,
      name: 'broken',
      sql: 'CREATE TABLE half (id INTEGER) STRICT; SELECT * FROM missing;',
    }
    expect(() => migrate(db, [m1, broken])).toThrow(/missing/)
    expect(tables(db)).not.toContain('half')
    expect(db.prepare('SELECT id FROM _migrations').all()).toEqual([{ id: 1 }])
    db.close()
  })

  it('rejects a migration list with gaps (a programming error)', () => {
    const db = open()
    expect(() => migrate(db, [m2])).toThrow(/numbered/)
    db.close()
  })

  it('lists what was applied, and nothing for a database never migrated', () => {
    const db = open()
    expect(appliedMigrations(db)).toEqual([])
    migrate(db, [m1])
    expect(appliedMigrations(db)).toMatchObject([{ id: 1, name: 'one', checksum: checksum(m1) }])
    db.close()
  })
})
