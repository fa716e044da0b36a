import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { tempDir } from '../test-support/temp-dir'
import { createAuditRepo } from './audit-repo'
import { openDatabase, storageError } from './database'
import { createSettingsRepo } from './settings-repo'

describe('openDatabase', () => {
  let dir: ReturnType<typeof tempDir>
  beforeEach(() => (dir = tempDir()))
  afterEach(() => dir.cleanup())

  it('opens a real file in WAL mode with foreign keys on and the schema migrated', () => {
    const { db, migration } = openDatabase({ file: join(dir.path, 'nested', 'db.sqlite3') })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(migration?.schemaVersion).toBeGreaterThanOrEqual(2)
    db.close()
  })

  it('reports a damaged file as STORAGE with a fix instead of crashing', () => {
    const file = join(dir.path, 'bad.sqlite3')
    writeFileSync(
      file,
      'this is not a database, just text that is long enough to have a header'.repeat(20),
    )
    let caught: unknown
    try {
      openDatabase({ file })
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    expect((caught as AppError).code).toBe('STORAGE')
    expect((caught as AppError).fix).toBeTruthy()
  })

  it('maps a full database (SQLITE_FULL) to DISK_FULL, retryable, with nothing half-written', () => {
    const { db } = openDatabase({ file: join(dir.path, 'full.sqlite3') })
    const settings = createSettingsRepo(db)
    settings.set('theme', 'dark')
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages + 1}`)
    const big = 'x'.repeat(64 * 1024)
    let caught: unknown
    try {
      db.transaction(() => {
        for (let i = 0; i < 50; i++) settings.set(`k${i}`, big)
      })()
    } catch (error) {
      caught = storageError(error, 'save settings')
    }
    expect((caught as AppError).code).toBe('DISK_FULL')
    expect((caught as AppError).retryable).toBe(true)
    expect([...settings.all().keys()]).toEqual(['theme'])
    db.close()
  })

  it('keeps settings and a redacted audit trail', () => {
    const { db } = openDatabase({ file: join(dir.path, 'repo.sqlite3') })
    const settings = createSettingsRepo(db)
    settings.set('graphApiVersion', 'v24.0')
    settings.set('graphApiVersion', 'v25.0')
    expect(settings.all().get('graphApiVersion')).toBe('v25.0')
    settings.delete('graphApiVersion')
    expect(settings.all().has('graphApiVersion')).toBe(false)

    const audit = createAuditRepo(db)
    audit.append({
      actor: 'user',
      action: 'secrets.set',
      subject: 'app-secret',
      details: { token: 'EAAB1234567890abcdefghij' },
    })
    const [entry] = audit.recent(1)
    expect(entry?.action).toBe('secrets.set')
    expect(JSON.stringify(entry)).not.toContain('EAAB1234567890abcdefghij')
    db.close()
  })
})
