import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from '@server-kit/sqlite/migrate'
import { tempDir } from '../../test-support/temp-dir'
import { migrations } from './index'

/**
 * For a migration's test: a database in a temp folder migrated to just before migration `id`, with
 * contact 1 and its conversation 1 on number pn1. `upgrade` runs migration `id`; `close` removes
 * it all.
 */
export function openBefore(id: number): {
  db: Database.Database
  upgrade: () => unknown
  close: () => void
} {
  const dir = tempDir()
  const db = new Database(join(dir.path, 'm.sqlite3'))
  migrate(db, migrations.slice(0, id - 1))
  db.exec(`
    INSERT INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '91980', 1, 1);
    INSERT INTO conversations (id, phone_number_id, contact_id, created_at, updated_at)
      VALUES (1, 'pn1', 1, 1, 1);`)
  return {
    db,
    upgrade: () => migrate(db, migrations.slice(0, id)),
    close: () => {
      db.close()
      dir.cleanup()
    },
  }
}
