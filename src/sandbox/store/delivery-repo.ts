import type { Db } from '@server-kit/sqlite/open'
import type { StoredDelivery } from '../webhooks/dispatcher-types'

/** The `webhook_deliveries` table: webhook batches not yet acknowledged (see the dispatcher). */
export interface DeliveryRepo {
  all(): StoredDelivery[]
  save(delivery: StoredDelivery): void
  remove(id: number): void
  /** The final save at shutdown: exactly these batches are pending. */
  replaceAll(deliveries: readonly StoredDelivery[]): void
  clear(): void
}

interface Row {
  id: number
  url: string
  body: Buffer
  count: number
  attempts: number
  waited_ms: number
  duplicate: number
  retry_at: number
}

export function createDeliveryRepo(db: Db): DeliveryRepo {
  const select = db.prepare<[], Row>('SELECT * FROM webhook_deliveries ORDER BY id')
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO webhook_deliveries
       (id, url, body, count, attempts, waited_ms, duplicate, retry_at)
     VALUES (@id, @url, @body, @count, @attempts, @waitedMs, @duplicate, @retryAt)`,
  )
  const remove = db.prepare('DELETE FROM webhook_deliveries WHERE id = ?')
  const removeAll = db.prepare('DELETE FROM webhook_deliveries')
  const save = (d: StoredDelivery) =>
    upsert.run({
      ...d,
      waitedMs: Math.round(d.waitedMs),
      retryAt: Math.round(d.retryAt),
      duplicate: d.duplicate ? 1 : 0,
    })
  return {
    all: () =>
      select.all().map((row) => ({
        id: row.id,
        url: row.url,
        body: row.body,
        count: row.count,
        attempts: row.attempts,
        waitedMs: row.waited_ms,
        duplicate: row.duplicate === 1,
        retryAt: row.retry_at,
      })),
    save,
    remove: (id) => remove.run(id),
    replaceAll(deliveries) {
      removeAll.run()
      for (const d of deliveries) save(d)
    },
    clear: () => removeAll.run(),
  }
}
