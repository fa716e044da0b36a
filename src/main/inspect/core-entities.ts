import { statSync } from 'node:fs'
import { appliedMigrations } from '@server-kit/sqlite/migrate'
import { redact } from '@shared/redact'
import { createAuditRepo } from '../store/audit-repo'
import { migrations } from '../store/migrations'
import { createSettingsRepo } from '../store/settings-repo'
import type { InspectEntity } from './entity'

/** The core's own entities: the data directory, settings, the audit trail, migrations. */
export const coreEntities: Record<string, InspectEntity> = {
  info: {
    describe: 'the data directory, database size and schema version',
    rows: (db, { dataDir, file }) => [
      {
        data_dir: dataDir,
        database: file,
        size_bytes: statSync(file).size,
        schema_version: appliedMigrations(db).at(-1)?.id ?? 0,
        app_schema_version: migrations.length,
      },
    ],
  },
  settings: {
    describe: 'non-secret settings saved from the console',
    rows: (db) =>
      createSettingsRepo(db)
        .rows()
        .map((row) => ({ ...row })),
  },
  audit: {
    describe: 'who changed what, newest first (secrets are never recorded)',
    rows: (db, { limit }) =>
      createAuditRepo(db)
        .recent(limit)
        .map((entry) => ({ ...entry, details: JSON.stringify(redact(entry.details)) })),
  },
  migrations: {
    describe: 'schema migrations applied to this database',
    rows: (db) =>
      appliedMigrations(db).map((row) => ({ ...row, checksum: row.checksum.slice(0, 12) })),
  },
}
