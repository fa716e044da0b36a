import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventName } from '@shared/contract/names'
import { createCoreEvents } from '../core-events'
import { silentLogger } from '../logger'
import { createRouter } from '../router'
import { createAuditRepo } from '../store/audit-repo'
import { openDatabase, type Db } from '../store/database'
import { stubHandlers } from '../test-support/stub-handlers'
import { tempDir } from '../test-support/temp-dir'
import { aiHandlers } from './handlers'
import { startAi, type AiRuntime } from './start-ai'

let dir: ReturnType<typeof tempDir>
let db: Db
let ai: AiRuntime
let pushed: { event: EventName; payload: unknown }[]
let events: ReturnType<typeof createCoreEvents>

const addClient = (id: string, state: string, name = 'Jaspers Market') =>
  db
    .prepare(
      `INSERT INTO clients (id, waba_id, phone_number_id, name, display_phone_number, signup_finish, state,
         signed_up_at, created_at, updated_at, last_activity_at)
       VALUES (?, ?, ?, ?, '+1 555 0100', 'FINISH', ?, 't', 't', 't', 't')`,
    )
    .run(id, `waba-${id}`, `pn-${id}`, name, state)

function start() {
  events = createCoreEvents(silentLogger)
  events.subscribe((event, payload) => void pushed.push({ event, payload }))
  ai = startAi({
    db,
    audit: createAuditRepo(db),
    events,
    settings: { get: () => null },
    store: { get: async () => null },
    log: silentLogger,
  })
}

beforeEach(() => {
  dir = tempDir()
  db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
  pushed = []
})
afterEach(() => {
  ai.close()
  db.close()
  dir.cleanup()
})

describe('the AI domain in the core', () => {
  it('seeds at start every onboarded client without a knowledge base', () => {
    addClient('done', 'onboarded')
    addClient('busy', 'onboarding')
    start()
    expect(ai.knowledge.get('done').entries.length).toBeGreaterThan(0)
    expect(ai.knowledge.get('busy').entries).toEqual([])
  })

  it('seeds a client when onboarding reports it onboarded, once', () => {
    addClient('c1', 'onboarding')
    start()
    events.emit('clients:changed', { clientId: 'c1', reason: 'updated' })
    events.emit('clients:changed', { clientId: null, reason: 'session' })
    expect(ai.knowledge.get('c1').entries).toEqual([])
    db.prepare("UPDATE clients SET state = 'onboarded' WHERE id = 'c1'").run()
    events.emit('clients:changed', { clientId: 'c1', reason: 'updated' })
    events.emit('clients:changed', { clientId: 'c1', reason: 'health' })
    const kb = ai.knowledge.get('c1')
    expect(kb.facts.find((f) => f.key === 'business_name')?.value).toBe('Jaspers Market')
    expect(pushed.filter((p) => p.event === 'knowledge:changed')).toEqual([
      { event: 'knowledge:changed', payload: { clientId: 'c1', revision: kb.revision } },
    ])
  })

  it('chooses the local drafter by default', async () => {
    start()
    expect((await ai.provider()).kind).toBe('local')
  })

  it('answers the knowledge channels through the router: validated in, checked out', async () => {
    addClient('c1', 'onboarded')
    start()
    const router = createRouter(stubHandlers(aiHandlers({ knowledge: ai.knowledge })), silentLogger)
    const ctx = { transport: 'web' as const }
    const bad = await router.dispatch(
      'knowledge:save-entry',
      { clientId: 'c1', entry: { question: 'Q?', answer: 'A.', language: 'English' } },
      ctx,
    )
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const saved = await router.dispatch(
      'knowledge:save-entry',
      { clientId: 'c1', entry: { question: 'Do you deliver?', answer: 'Yes.', language: 'EN' } },
      ctx,
    )
    expect(saved).toMatchObject({ ok: true, value: { kind: 'faq', language: 'en', variants: [] } })
    const missing = await router.dispatch('knowledge:get', { clientId: 'nobody' }, ctx)
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const tried = await router.dispatch(
      'knowledge:try',
      { clientId: 'c1', text: 'do you deliver?' },
      ctx,
    )
    expect(tried).toMatchObject({ ok: true, value: { reply: 'Yes.', provider: 'local' } })
    const actors = db
      .prepare("SELECT DISTINCT actor FROM audit_log WHERE action LIKE 'knowledge.entry%'")
      .all()
    expect(actors).toEqual([{ actor: 'user:web' }])
  })
})
