import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migration0010 } from './0010-analytics-monthly'
import { migrations } from './index'

describe(`migration ${migration0010.id} (analytics monthly response times)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    migrate(db, migrations.slice(0, migration0010.id - 1))
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })
  const reply = (id: number, day: string, ms: number, bucket: number) =>
    db
      .prepare(
        `INSERT INTO analytics_facts (message_id, conversation_id, timestamp, day, phone_number_id,
           direction, origin, response_ms, response_bucket, first_response)
         VALUES (?, 1, 0, ?, 'pn1', 'out', 'agent', ?, ?, 1)`,
      )
      .run(id, day, ms, bucket)
  const monthly = () =>
    db
      .prepare('SELECT month, bucket, n, total_ms FROM analytics_monthly_responses ORDER BY 1, 2')
      .all()

  it('fills the months from the daily histograms, then keeps both', () => {
    reply(1, '2026-03-01', 1_000, 8)
    reply(2, '2026-03-31', 1_100, 8)
    reply(3, '2026-04-02', 5_000, 20)
    migrate(db, migrations.slice(0, migration0010.id))
    expect(monthly()).toEqual([
      { month: '2026-03', bucket: 8, n: 2, total_ms: 2_100 },
      { month: '2026-04', bucket: 20, n: 1, total_ms: 5_000 },
    ])
    reply(4, '2026-04-20', 5_500, 20)
    db.prepare("UPDATE analytics_facts SET day = '2026-04-01' WHERE message_id = 2").run()
    db.prepare('DELETE FROM analytics_facts WHERE message_id = 1').run()
    expect(monthly()).toEqual([
      { month: '2026-03', bucket: 8, n: 0, total_ms: 0 },
      { month: '2026-04', bucket: 8, n: 1, total_ms: 1_100 },
      { month: '2026-04', bucket: 20, n: 2, total_ms: 10_500 },
    ])
    expect(db.prepare('SELECT sum(n) AS n FROM analytics_daily_responses').get()).toEqual({ n: 3 })
  })
})
