import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0004 } from './0004-clients'

const planOf = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((row) => row.detail)
    .join(' ')

describe(`migration ${migration0004.id} (clients)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    db.pragma('foreign_keys = ON')
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  const insertClient = (id: string, waba: string, state = 'onboarding') =>
    db
      .prepare(
        `INSERT INTO clients (id, waba_id, signup_finish, state, signed_up_at, created_at, updated_at, last_activity_at)
         VALUES (?, ?, 'FINISH', ?, 't', 't', 't', ?)`,
      )
      .run(id, waba, state, `2026-01-0${id.length}`)

  it('applies on top of the earlier migrations and keeps their data', () => {
    migrate(db, migrations.slice(0, migration0004.id - 1))
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'dark', 't')").run()
    migrate(db, migrations.slice(0, migration0004.id))
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: 'dark' })
    insertClient('c1', '111')
    expect(() => insertClient('c2', '111')).toThrow(/UNIQUE/)
  })

  it('refuses steps of unknown clients, unknown statuses and non-integer flags', () => {
    migrate(db, migrations.slice(0, migration0004.id))
    const step = db.prepare(
      `INSERT INTO onboarding_steps (client_id, step, position, status, updated_at) VALUES (?, 'exchange_code', 0, ?, 't')`,
    )
    expect(() => step.run('nobody', 'pending')).toThrow(/FOREIGN KEY/)
    insertClient('c1', '111')
    expect(() => step.run('c1', 'sleeping')).toThrow(/CHECK/)
    step.run('c1', 'done')
    expect(() => db.prepare("UPDATE clients SET paused = 'yes' WHERE id = 'c1'").run()).toThrow()
  })

  it('serves every list query from an index', () => {
    migrate(db, migrations.slice(0, migration0004.id))
    expect(planOf(db, 'SELECT * FROM clients ORDER BY last_activity_at DESC, id LIMIT 50')).toMatch(
      /clients_by_activity/,
    )
    expect(
      planOf(
        db,
        "SELECT * FROM clients WHERE state = 'waiting' ORDER BY last_activity_at DESC LIMIT 50",
      ),
    ).toMatch(/clients_by_state/)
    expect(planOf(db, "SELECT * FROM clients WHERE phone_number_id = '1'")).toMatch(
      /clients_by_phone/,
    )
    expect(
      planOf(
        db,
        "SELECT * FROM onboarding_steps WHERE status = 'waiting' AND next_attempt_at <= '2026'",
      ),
    ).toMatch(/onboarding_steps_due/)
    expect(planOf(db, 'SELECT * FROM signups ORDER BY created_at DESC, id LIMIT 20')).toMatch(
      /signups_by_time/,
    )
    expect(
      planOf(db, "SELECT * FROM signups WHERE client_id = 'c' ORDER BY created_at DESC"),
    ).toMatch(/signups_by_client/)
    expect(planOf(db, "SELECT * FROM signup_events WHERE signup_id = 's' ORDER BY id")).toMatch(
      /signup_events_by_signup/,
    )
  })
})
