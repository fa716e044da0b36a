import { join } from 'node:path'
import type { EventName } from '@shared/contract/names'
import { createLogger } from '../logger'
import { createMessagingService, type MessagingService } from '../messaging/service'
import { openDatabase, type Db } from '../store/database'
import type { RelayEventsRepo } from '../store/relay-events-repo'
import { dedupeKeys } from '../tunnel/dedupe-keys'
import { projectedRepo } from './projected-repo'
import { tempDir } from './temp-dir'

export interface MessagingHarness {
  dir: string
  db: Db
  repo: RelayEventsRepo
  messaging: MessagingService
  /** Push events emitted, in order. */
  pushed: { event: EventName; payload: unknown }[]
  /**
   * Delivers webhook bodies through the tunnel's store (one transaction) and the messaging
   * projection behind it (the real sink), each as a new relay event id, the way a relay delivers
   * Meta's re-sent POSTs.
   */
  deliver(...bodies: unknown[]): void
  /** An onboarded client owning `phoneNumberId` (the onboarding domain's table). */
  addClient(id: string, wabaId: string, phoneNumberId: string, name?: string): void
  close(): void
}

export function messagingHarness(): MessagingHarness {
  const dir = tempDir()
  const db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
  const pushed: MessagingHarness['pushed'] = []
  const messaging = createMessagingService({
    db,
    events: { emit: (event, payload) => void pushed.push({ event, payload }) },
    log: createLogger({ level: 'error', console: false }),
  })
  const repo = projectedRepo(db, messaging.sink)
  let cursor = 0
  return {
    dir: dir.path,
    db,
    repo,
    messaging,
    pushed,
    deliver(...bodies) {
      const events = bodies.map((body) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body)
        cursor++
        return {
          cursor: String(cursor),
          receivedAt: 1_767_000_000_000 + cursor,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(text),
          keys: dedupeKeys(text),
        }
      })
      repo.apply('test', 'log-test', events)
    },
    addClient(id, wabaId, phoneNumberId, name = `Client ${id}`) {
      db.prepare(
        `INSERT INTO clients (id, waba_id, phone_number_id, name, signup_finish, state, signed_up_at,
           created_at, updated_at, last_activity_at)
         VALUES (?, ?, ?, ?, 'FINISH', 'onboarded', 't', 't', 't', 't')`,
      ).run(id, wabaId, phoneNumberId, name)
    },
    close() {
      db.close()
      dir.cleanup()
    },
  }
}
