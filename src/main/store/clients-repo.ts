import type {
  ClientState,
  OnboardingStep,
  StepStatus,
  SignupFinish,
} from '@shared/contract/onboarding'
import {
  toClient,
  toStep,
  type ClientRecord,
  type ClientRow,
  type StepRecord,
  type StepRow,
} from './client-records'
import type { Db } from './database'

export type { ClientRecord, StepRecord } from './client-records'

/** Column of each patchable ClientRecord field, and how its value is stored. */
const clientColumns: { [K in keyof ClientRecord]?: [string, (v: ClientRecord[K]) => unknown] } = {
  phoneNumberId: ['phone_number_id', (v) => v],
  businessId: ['business_id', (v) => v],
  name: ['name', (v) => v],
  displayPhoneNumber: ['display_phone_number', (v) => v],
  signupFinish: ['signup_finish', (v) => v],
  state: ['state', (v) => v],
  paused: ['paused', (v) => (v ? 1 : 0)],
  pinSource: ['pin_source', (v) => v],
  qualityRating: ['quality_rating', (v) => v],
  tokenHealth: ['token_health', (v) => (v === null ? null : JSON.stringify(v))],
  phoneHealth: ['phone_health', (v) => (v === null ? null : JSON.stringify(v))],
  subscription: ['subscription', (v) => (v === null ? null : JSON.stringify(v))],
  creditAllocation: ['credit_allocation', (v) => (v === null ? null : JSON.stringify(v))],
  warnings: ['warnings', (v) => JSON.stringify(v)],
  signedUpAt: ['signed_up_at', (v) => v],
  lastActivityAt: ['last_activity_at', (v) => v],
  onboardedAt: ['onboarded_at', (v) => v],
  offboardedAt: ['offboarded_at', (v) => v],
}

export type ClientPatch = Partial<Omit<ClientRecord, 'id' | 'wabaId' | 'createdAt' | 'updatedAt'>>
export type StepPatch = Partial<
  Pick<StepRecord, 'status' | 'attempts' | 'message' | 'error' | 'nextAttemptAt' | 'data'>
>

export interface ClientFilter {
  query?: string | undefined
  state?: ClientState | undefined
  limit?: number | undefined
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Clients and their onboarding steps. */
export function createClientsRepo(db: Db) {
  const byId = db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE id = ?')
  const byWaba = db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE waba_id = ?')
  const insert = db.prepare(
    `INSERT INTO clients (id, waba_id, phone_number_id, business_id, name, signup_finish, state,
       signed_up_at, created_at, updated_at, last_activity_at)
     VALUES (@id, @wabaId, @phoneNumberId, @businessId, @name, @signupFinish, @state,
       @signedUpAt, @now, @now, @now)`,
  )
  const stepsOf = db.prepare<[string], StepRow>(
    'SELECT * FROM onboarding_steps WHERE client_id = ? ORDER BY position',
  )
  const deleteSteps = db.prepare<[string]>('DELETE FROM onboarding_steps WHERE client_id = ?')
  const insertStep = db.prepare(
    `INSERT INTO onboarding_steps (client_id, step, position, status, updated_at)
     VALUES (?, ?, ?, ?, ?)`,
  )
  const inStates = db.prepare<[string], ClientRow>(
    `SELECT * FROM clients WHERE state IN (SELECT value FROM json_each(?))
     ORDER BY last_activity_at DESC`,
  )
  const dueSteps = db.prepare<[string], StepRow>(
    `SELECT * FROM onboarding_steps
     WHERE status IN ('pending', 'waiting') AND next_attempt_at <= ?
     ORDER BY next_attempt_at`,
  )
  const earliestDue = db.prepare<[], { at: string | null }>(
    `SELECT MIN(next_attempt_at) AS at FROM onboarding_steps
     WHERE status IN ('pending', 'waiting') AND next_attempt_at IS NOT NULL`,
  )

  const repo = {
    get(id: string): ClientRecord | null {
      const row = byId.get(id)
      return row ? toClient(row) : null
    },
    byWaba(wabaId: string): ClientRecord | null {
      const row = byWaba.get(wabaId)
      return row ? toClient(row) : null
    },
    create(client: {
      id: string
      wabaId: string
      phoneNumberId: string | null
      businessId: string | null
      name: string | null
      signupFinish: SignupFinish
      state: ClientState
      signedUpAt: string
    }): ClientRecord {
      insert.run({ ...client, now: new Date().toISOString() })
      return repo.get(client.id)!
    },
    update(id: string, patch: ClientPatch, at = new Date().toISOString()): ClientRecord {
      const sets = ['updated_at = @updatedAt']
      const values: Record<string, unknown> = { id, updatedAt: at }
      for (const [key, value] of Object.entries(patch)) {
        const column = clientColumns[key as keyof ClientRecord]
        if (!column || value === undefined) continue
        sets.push(`${column[0]} = @${key}`)
        values[key] = (column[1] as (v: unknown) => unknown)(value)
      }
      db.prepare(`UPDATE clients SET ${sets.join(', ')} WHERE id = @id`).run(values)
      return repo.get(id)!
    },
    list({ query, state, limit = 200 }: ClientFilter = {}): ClientRecord[] {
      const where: string[] = []
      const values: Record<string, unknown> = { limit }
      if (state) {
        where.push('state = @state')
        values.state = state
      }
      if (query) {
        // A handful of rows per partner: the LIKE filter runs over the index-ordered scan.
        where.push(
          `(name LIKE @q ESCAPE '\\' OR display_phone_number LIKE @q ESCAPE '\\' OR waba_id LIKE @q ESCAPE '\\'
            OR phone_number_id LIKE @q ESCAPE '\\' OR business_id LIKE @q ESCAPE '\\')`,
        )
        values.q = `%${escapeLike(query)}%`
      }
      const sql = `SELECT * FROM clients ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY last_activity_at DESC, id LIMIT @limit`
      return db.prepare<[Record<string, unknown>], ClientRow>(sql).all(values).map(toClient)
    },
    inStates(states: readonly ClientState[]): ClientRecord[] {
      return inStates.all(JSON.stringify(states)).map(toClient)
    },

    steps(clientId: string): StepRecord[] {
      return stepsOf.all(clientId).map(toStep)
    },
    /** Replaces the client's steps with a fresh plan (a new signup for the same WABA). */
    planSteps(
      clientId: string,
      plan: readonly { step: OnboardingStep; status: StepStatus }[],
      at = new Date().toISOString(),
    ): void {
      db.transaction(() => {
        deleteSteps.run(clientId)
        plan.forEach(({ step, status }, position) =>
          insertStep.run(clientId, step, position, status, at),
        )
      })()
    },
    updateStep(
      clientId: string,
      step: OnboardingStep,
      patch: StepPatch,
      at = new Date().toISOString(),
    ): StepRecord {
      const sets = ['updated_at = @at']
      const values: Record<string, unknown> = { clientId, step, at }
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = @${column}`)
        values[column] = value
      }
      if (patch.status !== undefined) set('status', patch.status)
      if (patch.attempts !== undefined) set('attempts', patch.attempts)
      if (patch.message !== undefined) set('message', patch.message)
      if (patch.nextAttemptAt !== undefined) set('next_attempt_at', patch.nextAttemptAt)
      if (patch.data !== undefined) set('data', JSON.stringify(patch.data))
      if (patch.error !== undefined) {
        set('error_code', patch.error?.code ?? null)
        set('error_message', patch.error?.message ?? null)
        set('error_fix', patch.error?.fix ?? null)
        set('error_graph_code', patch.error?.graphCode ?? null)
      }
      db.prepare(
        `UPDATE onboarding_steps SET ${sets.join(', ')} WHERE client_id = @clientId AND step = @step`,
      ).run(values)
      return repo.steps(clientId).find((s) => s.step === step)!
    },
    /** Steps waiting for a retry time that has come. */
    dueSteps(now: string): StepRecord[] {
      return dueSteps.all(now).map(toStep)
    },
    /** When the next step waiting for a retry time is due, or null. */
    nextDueAt(): string | null {
      return earliestDue.get()?.at ?? null
    },
  }
  return repo
}

export type ClientsRepo = ReturnType<typeof createClientsRepo>
