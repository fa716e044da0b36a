import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'
import { migration0006 } from './0006-outbox'

describe(`migration ${migration0006.id} (outbox)`, () => {
  let dir: ReturnType<typeof tempDir>
  let db: Database.Database
  beforeEach(() => {
    dir = tempDir()
    db = new Database(join(dir.path, 'm.sqlite3'))
    migrate(db, migrations.slice(0, migration0006.id - 1))
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  const insertMessage = (wamid: string, source: string, mediaId: string | null) => {
    db.prepare(
      `INSERT OR IGNORE INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '1555', 1, 1)`,
    ).run()
    db.prepare(
      `INSERT OR IGNORE INTO conversations (id, phone_number_id, contact_id, created_at, updated_at)
       VALUES (1, 'pn1', 1, 1, 1)`,
    ).run()
    return db
      .prepare(
        `INSERT INTO messages (wamid, conversation_id, direction, source, type, media_id,
           mime_type, media_sha256, timestamp, status, created_at, updated_at)
         VALUES (?, 1, 'in', ?, 'image', ?, 'image/jpeg', 'abc=', 5, 'received', 7, 7)`,
      )
      .run(wamid, source, mediaId).lastInsertRowid
  }
  const queued = () =>
    db.prepare('SELECT media_id, state, mime_type, expected_sha256 FROM media_files').all()

  it('queues media already stored when it is applied, once per media id', () => {
    insertMessage('wamid.1', 'webhook', 'm1')
    insertMessage('wamid.2', 'webhook', 'm1')
    insertMessage('wamid.3', 'webhook', null)
    migrate(db, migrations.slice(0, migration0006.id))
    expect(queued()).toEqual([
      { media_id: 'm1', state: 'pending', mime_type: 'image/jpeg', expected_sha256: 'abc=' },
    ])
  })

  it('queues the download of received media in the transaction that stores the message', () => {
    migrate(db, migrations.slice(0, migration0006.id))
    insertMessage('wamid.1', 'webhook', 'm1')
    insertMessage('wamid.2', 'outbox', 'm2')
    const id = insertMessage('wamid.3', 'status', null)
    db.prepare(`UPDATE messages SET media_id = 'm3', updated_at = 9 WHERE id = ?`).run(id)
    expect(queued().map((row) => (row as { media_id: string }).media_id)).toEqual(['m1', 'm3'])
  })

  it('refuses a second outbox row with the same idempotency key', () => {
    migrate(db, migrations.slice(0, migration0006.id))
    const insert = db.prepare(
      `INSERT INTO outbox (id, idempotency_key, conversation_id, waba_id, phone_number_id,
         recipient, type, payload, free_form, state, created_at, updated_at)
       VALUES (?, 'key-1', 1, 'w', 'p', '1555', 'text', '{}', 1, 'queued', 1, 1)`,
    )
    insert.run('a')
    expect(() => insert.run('b')).toThrow(/UNIQUE/)
  })
})
