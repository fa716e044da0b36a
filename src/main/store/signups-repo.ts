import type { SignupEvent, SignupSession, StepError } from '@shared/contract/onboarding'
import { errorFromRow } from './client-records'
import type { Db } from './database'

export interface SignupRecord {
  id: string
  clientId: string | null
  status: SignupSession['status']
  coexistence: boolean
  createdAt: string
  updatedAt: string
  expiresAt: string
  error: StepError | null
}

interface SignupRow {
  id: string
  client_id: string | null
  status: string
  coexistence: number
  created_at: string
  updated_at: string
  expires_at: string
  error_code: string | null
  error_message: string | null
  error_fix: string | null
  error_graph_code: number | null
}

interface EventRow {
  at: string
  kind: string
  event: string
  current_step: string | null
  error_code: string | null
  error_message: string | null
  session_id: string | null
  waba_id: string | null
  phone_number_id: string | null
  business_id: string | null
}

const toSignup = (r: SignupRow): SignupRecord => ({
  id: r.id,
  clientId: r.client_id,
  status: r.status as SignupRecord['status'],
  coexistence: r.coexistence === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  expiresAt: r.expires_at,
  error: errorFromRow(r),
})

const toEvent = (r: EventRow): SignupEvent => ({
  at: r.at,
  kind: r.kind as SignupEvent['kind'],
  event: r.event,
  currentStep: r.current_step,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  metaSessionId: r.session_id,
  wabaId: r.waba_id,
  phoneNumberId: r.phone_number_id,
  businessId: r.business_id,
})

/** Embedded Signup attempts and the message events each produced (CANCEL and error forms included). */
export function createSignupsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO signups (id, client_id, status, coexistence, created_at, updated_at, expires_at)
     VALUES (@id, @clientId, 'open', @coexistence, @createdAt, @createdAt, @expiresAt)`,
  )
  const get = db.prepare<[string], SignupRow>('SELECT * FROM signups WHERE id = ?')
  const recent = db.prepare<[number], SignupRow>(
    'SELECT * FROM signups ORDER BY created_at DESC, id LIMIT ?',
  )
  const update = db.prepare(
    `UPDATE signups SET status = @status, client_id = @clientId, updated_at = @at,
       error_code = @errorCode, error_message = @errorMessage, error_fix = @errorFix,
       error_graph_code = @errorGraphCode
     WHERE id = @id`,
  )
  const insertEvent = db.prepare(
    `INSERT INTO signup_events (signup_id, at, kind, event, current_step, error_code, error_message,
       session_id, waba_id, phone_number_id, business_id, raw)
     VALUES (@signupId, @at, @kind, @event, @currentStep, @errorCode, @errorMessage,
       @metaSessionId, @wabaId, @phoneNumberId, @businessId, @raw)`,
  )
  const eventsOf = db.prepare<[string], EventRow>(
    'SELECT * FROM signup_events WHERE signup_id = ? ORDER BY id',
  )

  const repo = {
    create(signup: {
      id: string
      clientId: string | null
      coexistence: boolean
      createdAt: string
      expiresAt: string
    }): SignupRecord {
      insert.run({ ...signup, coexistence: signup.coexistence ? 1 : 0 })
      return repo.get(signup.id)!
    },
    get(id: string): SignupRecord | null {
      const row = get.get(id)
      return row ? toSignup(row) : null
    },
    finish(
      id: string,
      status: SignupRecord['status'],
      clientId: string | null,
      error: StepError | null = null,
      at = new Date().toISOString(),
    ): void {
      update.run({
        id,
        status,
        clientId,
        at,
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        errorFix: error?.fix ?? null,
        errorGraphCode: error?.graphCode ?? null,
      })
    },
    /** Records one message event; `raw` must already be redacted. */
    addEvent(signupId: string, event: SignupEvent, raw: string): void {
      insertEvent.run({ signupId, ...event, raw })
    },
    events(signupId: string): SignupEvent[] {
      return eventsOf.all(signupId).map(toEvent)
    },
    recent(limit = 50): SignupRecord[] {
      return recent.all(limit).map(toSignup)
    },
  }
  return repo
}

export type SignupsRepo = ReturnType<typeof createSignupsRepo>
