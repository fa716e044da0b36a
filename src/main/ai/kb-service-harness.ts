import { join } from 'node:path'
import type { EventName } from '@shared/contract/names'
import { createAuditRepo } from '../store/audit-repo'
import { createClientsRepo } from '../store/clients-repo'
import { openDatabase, type Db } from '../store/database'
import { tempDir } from '../test-support/temp-dir'
import { createKbRepo } from './kb-repo'
import { createKnowledgeService, type KnowledgeService } from './kb-service'

/** The knowledge service's tests (kb-service*.test.ts): a real database with one client, c1 "Padaria Flor". */
export interface KbServiceHarness {
  db: Db
  knowledge: KnowledgeService
  /** Push events emitted, in order. */
  pushed: { event: EventName; payload: unknown }[]
  /** An onboarded client (the onboarding domain's table). */
  addClient(id: string, name: string | null, phone?: string | null): void
  close(): void
}

export function kbServiceHarness(): KbServiceHarness {
  const dir = tempDir()
  const db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
  const pushed: KbServiceHarness['pushed'] = []
  const clients = createClientsRepo(db)
  const knowledge = createKnowledgeService({
    repo: createKbRepo(db),
    client: (id) => clients.get(id),
    audit: createAuditRepo(db),
    events: { emit: (event, payload) => void pushed.push({ event, payload }) },
  })
  const addClient = (
    id: string,
    name: string | null,
    phone: string | null = '+351 912 345 678',
  ) => {
    db.prepare(
      `INSERT INTO clients (id, waba_id, phone_number_id, name, display_phone_number, signup_finish, state,
         signed_up_at, created_at, updated_at, last_activity_at, onboarded_at)
       VALUES (?, ?, ?, ?, ?, 'FINISH', 'onboarded', 't', 't', 't', 't', 't')`,
    ).run(id, `waba-${id}`, `pn-${id}`, name, phone)
  }
  addClient('c1', 'Padaria Flor')
  return {
    db,
    knowledge,
    pushed,
    addClient,
    close() {
      db.close()
      dir.cleanup()
    },
  }
}

export const faq = {
  kind: 'faq' as const,
  question: 'What are your opening hours?',
  variants: ['When are you open?'],
  answer: 'We are open {{hours}}.',
  language: 'en',
  tags: ['hours'],
}
