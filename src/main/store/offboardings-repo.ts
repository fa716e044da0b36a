import type { z } from 'zod'
import type { offboardingStatusSchema } from '@shared/contract/onboarding'
import type { Db } from './database'

export type OffboardingRecord = z.infer<typeof offboardingStatusSchema>

interface Row {
  client_id: string
  started_at: string
  finished_at: string | null
  steps: string
}

/** Offboarding progress per client; kept after it finishes (the client's history stays). */
export function createOffboardingsRepo(db: Db) {
  const get = db.prepare<[string], Row>('SELECT * FROM offboardings WHERE client_id = ?')
  const upsert = db.prepare(
    `INSERT INTO offboardings (client_id, started_at, finished_at, steps)
     VALUES (@clientId, @startedAt, @finishedAt, @steps)
     ON CONFLICT (client_id) DO UPDATE SET
       started_at = excluded.started_at, finished_at = excluded.finished_at, steps = excluded.steps`,
  )
  const remove = db.prepare<[string]>('DELETE FROM offboardings WHERE client_id = ?')
  return {
    get(clientId: string): OffboardingRecord | null {
      const row = get.get(clientId)
      if (!row) return null
      return {
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        steps: JSON.parse(row.steps) as OffboardingRecord['steps'],
      }
    },
    save(clientId: string, record: OffboardingRecord): void {
      upsert.run({ clientId, ...record, steps: JSON.stringify(record.steps) })
    },
    /** A client onboarded again after offboarding starts with a clean slate. */
    clear(clientId: string): void {
      remove.run(clientId)
    },
  }
}

export type OffboardingsRepo = ReturnType<typeof createOffboardingsRepo>
