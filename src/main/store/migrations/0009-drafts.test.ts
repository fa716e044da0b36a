import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0009 } from './0009-drafts'

const planOf = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((row) => row.detail)
    .join(' ')

describe(`migration ${migration0009.id} (drafts)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, migration0009.id - 1))
    db.prepare(
      `INSERT INTO clients (id, waba_id, signup_finish, state, signed_up_at, created_at, updated_at, last_activity_at)
       VALUES ('c1', 'waba-1', 'FINISH', 'onboarded', 't', 't', 't', 't')`,
    ).run()
    db.prepare(
      `INSERT INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '1555', 1, 1)`,
    ).run()
    db.prepare(
      `INSERT INTO conversations (id, phone_number_id, contact_id, created_at, updated_at)
       VALUES (1, 'pn1', 1, 1, 1)`,
    ).run()
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  const draft = (wamid: string, over: Record<string, unknown> = {}) => {
    const row = {
      inbound_wamid: wamid,
      client_id: 'c1',
      inbound_at: 5,
      state: 'pending',
      policy: 'review',
      rule: 'policy-review',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      ...over,
    }
    const columns = Object.keys(row)
    return db
      .prepare(
        `INSERT INTO drafts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      )
      .run(...Object.values(row))
  }

  it('keeps one draft per inbound wamid and starts it undecided', () => {
    migrate(db, migrations.slice(0, migration0009.id))
    draft('wamid.1')
    expect(() => draft('wamid.1')).toThrow(/UNIQUE/)
    expect(db.prepare('SELECT state, status, text, sources, attempts FROM drafts').get()).toEqual({
      state: 'pending',
      status: 'pending',
      text: '',
      sources: '[]',
      attempts: 0,
    })
  })

  it('refuses unknown clients, states, decisions, policies, confidences and invalid JSON', () => {
    migrate(db, migrations.slice(0, migration0009.id))
    expect(() => draft('w1', { client_id: 'nobody' })).toThrow(/FOREIGN KEY/)
    expect(() => draft('w2', { state: 'limbo' })).toThrow(/CHECK/)
    expect(() => draft('w3', { status: 'maybe' })).toThrow(/CHECK/)
    expect(() => draft('w4', { policy: 'sometimes' })).toThrow(/CHECK/)
    expect(() => draft('w5', { confidence: 1.5 })).toThrow(/CHECK/)
    expect(() => draft('w6', { sources: '[not json' })).toThrow(/CHECK/)
    const policy = db.prepare(
      `INSERT INTO ai_client_policies (client_id, policy, timeout_seconds, updated_by, updated_at)
       VALUES (?, ?, ?, 'u', 't')`,
    )
    expect(() => policy.run('c1', 'review', 2)).toThrow(/CHECK/)
    expect(() => policy.run('c1', 'never', 60)).toThrow(/CHECK/)
    expect(() => policy.run('nobody', 'auto', 60)).toThrow(/FOREIGN KEY/)
    policy.run('c1', 'auto', 60)
  })

  it('drops a conversation’s override and pause with the conversation', () => {
    migrate(db, migrations.slice(0, migration0009.id))
    db.prepare(
      `INSERT INTO ai_conversations (conversation_id, policy, paused, paused_by, paused_at, updated_at)
       VALUES (1, 'auto', 'taken-over', 'Ana', 't', 't')`,
    ).run()
    expect(() =>
      db
        .prepare(
          `INSERT INTO ai_conversations (conversation_id, paused, updated_at) VALUES (2, 'asleep', 't')`,
        )
        .run(),
    ).toThrow(/CHECK/)
    db.prepare('DELETE FROM conversations WHERE id = 1').run()
    expect(db.prepare('SELECT count(*) AS n FROM ai_conversations').get()).toEqual({ n: 0 })
  })

  it('serves the queue, the timer and the per-client reads from indexes', () => {
    migrate(db, migrations.slice(0, migration0009.id))
    expect(
      planOf(
        db,
        `SELECT id FROM drafts WHERE state IN ('drafting', 'pending', 'failed') ORDER BY inbound_at, id`,
      ),
    ).toMatch(/drafts_open/)
    expect(
      planOf(
        db,
        'SELECT id FROM drafts WHERE send_at IS NOT NULL AND send_at <= 5 ORDER BY send_at',
      ),
    ).toMatch(/drafts_due/)
    expect(
      planOf(db, "SELECT status FROM drafts WHERE client_id = 'c1' AND created_at >= 'x'"),
    ).toMatch(/drafts_by_client/)
    expect(planOf(db, "SELECT id FROM drafts WHERE inbound_wamid = 'w'")).toMatch(
      /sqlite_autoindex_drafts/,
    )
  })
})
