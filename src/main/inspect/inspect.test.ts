import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuditRepo } from '../store/audit-repo'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { createSettingsRepo } from '../store/settings-repo'
import { tempDir } from '../test-support/temp-dir'
import { migrations } from '../store/migrations'
import { entities, formatTable, inspect } from './inspect'

const main = join(import.meta.dirname, 'main.ts')
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })

describe('inspect', () => {
  const dir = tempDir('wapc-inspect-')
  beforeAll(() => {
    const { db } = openDatabase({ file: join(dir.path, DATABASE_FILE) })
    createSettingsRepo(db).set('graphApiVersion', 'v24.0')
    createAuditRepo(db).append({
      actor: 'user:web',
      action: 'secrets.set',
      subject: 'app-secret',
      details: { token: 'EAAinspect0123456789abcdef' },
    })
    db.close()
  })
  afterAll(() => dir.cleanup())

  it('lists settings, the audit trail and applied migrations from a real data directory', () => {
    expect(inspect({ dataDir: dir.path, entity: 'settings' })).toEqual([
      expect.objectContaining({ key: 'graphApiVersion', value: 'v24.0' }),
    ])
    const audit = inspect({ dataDir: dir.path, entity: 'audit' })
    expect(audit[0]).toMatchObject({ action: 'secrets.set', subject: 'app-secret' })
    expect(JSON.stringify(audit)).not.toContain('EAAinspect0123456789abcdef')
    expect(inspect({ dataDir: dir.path, entity: 'migrations' }).map((m) => m.name)).toEqual(
      migrations.map((m) => m.name),
    )
    expect(inspect({ dataDir: dir.path, entity: 'info' })[0]).toMatchObject({
      schema_version: migrations.length,
      app_schema_version: migrations.length,
    })
    expect(inspect({ dataDir: dir.path, entity: 'clients' })).toEqual([])
  })

  it('never writes: the database file is byte-identical after inspecting', () => {
    const file = join(dir.path, DATABASE_FILE)
    const writer = new Database(file)
    writer.pragma('wal_checkpoint(TRUNCATE)')
    writer.close()
    const before = readFileSync(file)
    for (const entity of Object.keys(entities)) inspect({ dataDir: dir.path, entity })
    expect(Buffer.compare(readFileSync(file), before)).toBe(0)
  })

  it('explains unknown entities and a missing data directory', () => {
    expect(() => inspect({ dataDir: dir.path, entity: 'nope' })).toThrow(/Unknown entity/)
    expect(() => inspect({ dataDir: join(dir.path, 'missing'), entity: 'settings' })).toThrow(
      /No console data/,
    )
  })

  it('formats rows as an aligned table', () => {
    expect(formatTable([{ a: 1, bb: 'two' }, { a: 333 }])).toBe('a    bb\n---  ---\n1    two\n333')
    expect(formatTable([])).toBe('(none)')
    expect(formatTable([{ steps: { a: 'done' } }])).toBe('steps\n------------\n{"a":"done"}')
  })

  it('runs as `npm run inspect -- <entity> --json` with WAPC_DATA_DIR', () => {
    const ok = run(['settings', '--json'], { WAPC_DATA_DIR: dir.path })
    expect(ok.status).toBe(0)
    // One JSON object per line.
    expect(
      ok.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([expect.objectContaining({ key: 'graphApiVersion' })])
    const bad = run(['nope'], { WAPC_DATA_DIR: dir.path })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/Unknown entity "nope"[\s\S]*Fix: Use one of/)
    expect(run([], { WAPC_DATA_DIR: dir.path }).stdout).toMatch(/Usage: npm run inspect/)
  })
})
