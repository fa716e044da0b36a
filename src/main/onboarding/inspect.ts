import type { InspectEntity } from '../inspect/entity'
import { createClientsRepo, type StepRecord } from '../store/clients-repo'
import { createSignupsRepo } from '../store/signups-repo'
import { createOffboardingsRepo } from '../store/offboardings-repo'

const lastError = (step: StepRecord) =>
  step.error
    ? { code: step.error.code, message: step.error.message, graph_code: step.error.graphCode }
    : null

const TABLES = ['clients', 'onboarding_steps'] as const

/** What `npm run inspect -- clients|onboarding|signups` shows. Ids and metadata only. */
export const onboardingEntities: Record<string, InspectEntity> = {
  clients: {
    describe: 'onboarded clients: ids, state, phone, quality, token health, each step’s status',
    tables: TABLES,
    rows: (db, { limit }) => {
      const repo = createClientsRepo(db)
      return repo.list({ limit }).map((c) => ({
        id: c.id,
        name: c.name,
        waba_id: c.wabaId,
        phone_number_id: c.phoneNumberId,
        business_id: c.businessId,
        display_phone_number: c.displayPhoneNumber,
        state: c.state,
        paused: c.paused,
        signup_finish: c.signupFinish,
        quality_rating: c.qualityRating,
        token_status: c.tokenHealth?.status ?? 'unknown',
        token_expires_at: c.tokenHealth?.expiresAt ?? null,
        warnings: c.warnings,
        steps: Object.fromEntries(repo.steps(c.id).map((s) => [s.step, s.status])),
        last_activity_at: c.lastActivityAt,
        onboarded_at: c.onboardedAt,
        offboarded_at: c.offboardedAt,
      }))
    },
  },
  onboarding: {
    describe: 'each client’s pipeline: every step’s status, attempts and last error; offboarding',
    tables: TABLES,
    rows: (db, { limit }) => {
      const repo = createClientsRepo(db)
      const offboardings = createOffboardingsRepo(db)
      return repo.list({ limit }).map((c) => ({
        client_id: c.id,
        waba_id: c.wabaId,
        phone_number_id: c.phoneNumberId,
        business_id: c.businessId,
        state: c.state,
        steps: repo.steps(c.id).map((s) => ({
          step: s.step,
          status: s.status,
          attempts: s.attempts,
          last_error: lastError(s),
          message: s.message,
          next_attempt_at: s.nextAttemptAt,
          updated_at: s.updatedAt,
        })),
        offboarding: offboardings.get(c.id),
      }))
    },
  },
  signups: {
    describe: 'Embedded Signup attempts, newest first, with their events (CANCEL and error forms)',
    tables: ['signups', 'signup_events'],
    rows: (db, { limit }) => {
      const repo = createSignupsRepo(db)
      return repo.recent(limit).map((s) => ({
        id: s.id,
        client_id: s.clientId,
        status: s.status,
        created_at: s.createdAt,
        error: s.error,
        events: repo.events(s.id),
      }))
    },
  },
}
