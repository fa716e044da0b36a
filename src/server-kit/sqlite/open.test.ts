import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import type { Migration } from './migrate'
import { IN_MEMORY, openSqlite, storageError } from './open'

const notes: Migration = { id: 1, name: 'notes', sql: 'CREATE TABLE notes (v TEXT) STRICT;' }
const hints = { product: 'Test App', elsewhere: 'set TEST_DIR to another folder' }

describe('openSqlite', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'server-kit-open-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('creates the folder and file with the modes asked for, in WAL, migrated', () => {
    const file = join(dir, 'private', 'db.sqlite3')
    const { db, migration } = openSqlite({
      file,
      migrations: [notes],
      fileMode: 0o600,
      dirMode: 0o700,
    })
    db.prepare("INSERT INTO notes VALUES ('kept')").run()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(migration?.schemaVersion).toBe(1)
    db.close()
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'private')).mode & 0o777).toBe(0o700)
      expect(statSync(file).mode & 0o777).toBe(0o600)
    }
    const again = openSqlite({ file, migrations: [notes], readonly: true })
    expect(again.db.prepare('SELECT v FROM notes').all()).toEqual([{ v: 'kept' }])
    expect(() => again.db.prepare("INSERT INTO notes VALUES ('no')").run()).toThrow()
    again.db.close()
  })

  it('runs the same migrations in memory without touching the disk', () => {
    const { db, migration } = openSqlite({ file: IN_MEMORY, migrations: [notes] })
    expect(migration?.schemaVersion).toBe(1)
    db.prepare("INSERT INTO notes VALUES ('x')").run()
    db.close()
    expect(readdirSync(dir)).toEqual([])
    expect(existsSync(IN_MEMORY)).toBe(false)
  })

  it('reports a file that is not a database as STORAGE with a fix', () => {
    const file = join(dir, 'bad.sqlite3')
    writeFileSync(file, 'not a database, only text long enough to have a header'.repeat(20))
    let caught: unknown
    try {
      openSqlite({ file, migrations: [notes], hints })
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    expect((caught as AppError).code).toBe('STORAGE')
    expect((caught as AppError).fix).toMatch(/move the file aside/)
  })

  it("words permission problems with the process's own way out", () => {
    const error = storageError(new Error('EACCES: permission denied'), 'save', hints)
    expect(error.message).toMatch(/not writable/)
    expect(error.fix).toMatch(/TEST_DIR/)
  })
})
