import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { migrations } from './index'

/** Migrates a real database file up to `version` (inclusive). */
const upTo = (db: Database.Database, version: number) => migrate(db, migrations.slice(0, version))

describe('sandbox store migrations', () => {
  let dir: string
  let db: Database.Database
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-migrations-'))
    db = new Database(join(dir, 'm.sqlite3'))
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('are numbered without gaps and apply cleanly to a fresh database', () => {
    expect(migrate(db, migrations).schemaVersion).toBe(migrations.length)
  })

  it('0001 keeps each entity as strict JSON rows, one per key, in insertion order', () => {
    upTo(db, 1)
    const put = db.prepare(
      'INSERT INTO phones (key, waba_id, data) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
    )
    put.run('2', 'w', '{"registered":false}')
    put.run('1', 'w', '{"registered":false}')
    put.run('2', 'w', '{"registered":true}')
    expect(db.prepare('SELECT key, data FROM phones ORDER BY rowid').all()).toEqual([
      { key: '2', data: '{"registered":true}' },
      { key: '1', data: '{"registered":false}' },
    ])
    // STRICT: a value of the wrong type is refused rather than silently stored.
    expect(() => put.run('3', 'w', Buffer.from('x'))).toThrow(/cannot store BLOB/)
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM templates WHERE waba_id = 'w' AND name = 'n'")
      .all() as { detail: string }[]
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/templates_by_name/)
    expect(db.prepare("SELECT count(*) AS n FROM meta WHERE key = 'config'").get()).toEqual({
      n: 0,
    })
  })

  it('0002 adds webhook deliveries, keeping 0001 data, with the body as bytes', () => {
    upTo(db, 1)
    db.prepare("INSERT INTO meta (key, value) VALUES ('clock_offset', '5')").run()
    upTo(db, 2)
    expect(db.prepare('SELECT value FROM meta').get()).toEqual({ value: '5' })
    const body = Buffer.from('{"object":"whatsapp_business_account"}')
    db.prepare(
      `INSERT INTO webhook_deliveries (id, url, body, count, attempts, waited_ms, duplicate, retry_at)
       VALUES (1, 'http://127.0.0.1:1/webhook', ?, 3, 2, 1000, 0, 123)`,
    ).run(body)
    const row = db.prepare('SELECT body, attempts FROM webhook_deliveries').get() as {
      body: Buffer
      attempts: number
    }
    expect(row.body.equals(body)).toBe(true)
    expect(row.attempts).toBe(2)
  })
})
