import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0007 } from './0007-knowledge-base'

const planOf = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((row) => row.detail)
    .join(' ')

describe(`migration ${migration0007.id} (knowledge base)`, () => {
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

  const client = (id: string) =>
    db
      .prepare(
        `INSERT INTO clients (id, waba_id, signup_finish, state, signed_up_at, created_at, updated_at, last_activity_at)
         VALUES (?, ?, 'FINISH', 'onboarded', 't', 't', 't', 't')`,
      )
      .run(id, `waba-${id}`)
  const entry = (clientId: string, kind = 'faq', variants = '[]') =>
    db
      .prepare(
        `INSERT INTO kb_entries (client_id, kind, question, variants, answer, language, tags, source, created_at, updated_at)
         VALUES (?, ?, 'Q?', ?, 'A.', 'en', '[]', 'staff', 't', 't')`,
      )
      .run(clientId, kind, variants)

  it('applies on top of the earlier migrations and keeps their clients', () => {
    migrate(db, migrations.slice(0, migration0007.id - 1))
    client('c1')
    migrate(db, migrations.slice(0, migration0007.id))
    entry('c1')
    expect(db.prepare('SELECT count(*) AS n FROM kb_entries').get()).toEqual({ n: 1 })
  })

  it('refuses rows of unknown clients, unknown kinds, invalid JSON lists and duplicate facts', () => {
    migrate(db, migrations.slice(0, migration0007.id))
    expect(() => entry('nobody')).toThrow(/FOREIGN KEY/)
    client('c1')
    expect(() => entry('c1', 'recipe')).toThrow(/CHECK/)
    expect(() => entry('c1', 'faq', '[not json')).toThrow(/CHECK/)
    const fact = db.prepare(
      `INSERT INTO kb_facts (client_id, key, language, value, source, updated_at) VALUES ('c1', 'hours', ?, '9-5', 'staff', 't')`,
    )
    fact.run('en')
    fact.run('any')
    expect(() => fact.run('en')).toThrow(/UNIQUE/)
  })

  it('serves the per-client reads from an index', () => {
    migrate(db, migrations.slice(0, migration0007.id))
    expect(planOf(db, "SELECT * FROM kb_entries WHERE client_id = 'c' ORDER BY kind, id")).toMatch(
      /kb_entries_by_client/,
    )
    expect(
      planOf(db, "SELECT * FROM kb_facts WHERE client_id = 'c' ORDER BY key, language"),
    ).toMatch(/sqlite_autoindex_kb_facts/)
  })
})
