import { AppError } from '@shared/contract/errors'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { OutboxApi } from '../outbox/services'
import type { AuditRepo } from '../store/audit-repo'
import type { ClientRecord } from '../store/clients-repo'
import type { Db } from '../store/database'
import type { Claims } from '../tunnel/claims'
import { createDraftsContext, type DraftsContext } from './drafts-context'
import { draftInbound, type Drafter, type PipelineDeps } from './pipeline'
import { createPolicies, type Policies } from './policies'
import { createPresence } from './presence'
import { createDraftsService, type DraftsService } from './service'
import { sendDraft } from './send'
import { startReviewTimers } from './timers'

export interface DraftsRuntime {
  service: DraftsService
  policies: Policies
  close(): void
}

export interface StartDraftsDeps {
  db: Db
  events: CoreEvents
  audit: AuditRepo
  log: Logger
  outbox: Pick<OutboxApi, 'send'>
  claims: Claims
  drafter: Drafter
  client(clientId: string): ClientRecord | null
  agentName(): string
  now?: () => number
  /** Drafts written at once (a remote provider is not asked a thousand times during a catch-up). */
  concurrency?: number
}

const PRESENCE_SWEEP_MS = 15_000

/** Drafts the core found half-done at start (it stopped while drafting or sending). */
function recoverInterrupted(ctx: DraftsContext): void {
  const interrupted = new AppError(
    'UNAVAILABLE',
    'The console stopped before this draft was finished.',
    { fix: 'Regenerate it, or write the answer.', retryable: true },
  ).toData()
  const sending = new AppError(
    'UNAVAILABLE',
    'The console stopped while this reply was being sent.',
    { fix: 'Check the conversation before sending it again.', retryable: true },
  ).toData()
  const rows = ctx.db
    .prepare<[], { id: number; state: string }>(
      "SELECT id, state FROM drafts WHERE state IN ('drafting', 'sending')",
    )
    .all()
  for (const row of rows)
    ctx.db
      .prepare('UPDATE drafts SET state = ?, rule = ?, error = ?, send_at = NULL WHERE id = ?')
      .run(
        row.state === 'drafting' ? 'failed' : 'pending',
        row.state === 'drafting' ? 'provider-failed' : 'agent',
        JSON.stringify(row.state === 'drafting' ? interrupted : sending),
        row.id,
      )
}

/**
 * The review domain in the core: every inbound message pushed as `messages:received` (after its
 * transaction committed) is drafted and routed by policy; review deadlines fire; agents act
 * through the service and the policies.
 */
export function startDrafts(deps: StartDraftsDeps): DraftsRuntime {
  const now = deps.now ?? Date.now
  const ctx = createDraftsContext({ ...deps, now })
  recoverInterrupted(ctx)
  const timers = startReviewTimers({
    db: deps.db,
    now,
    log: deps.log,
    fire: (id) => sendDraft(ctx, id, { kind: 'policy' }),
  })
  const pipeline: PipelineDeps = { ctx, drafter: deps.drafter, scheduled: timers.reschedule }
  const presence = createPresence(now)
  const service = createDraftsService({
    ctx,
    pipeline,
    timers,
    presence,
    events: deps.events,
    audit: deps.audit,
    agentName: deps.agentName,
  })
  const policies = createPolicies({
    ctx,
    audit: deps.audit,
    timers,
    client: deps.client,
    agentName: deps.agentName,
  })

  // Inbound messages wait their turn here; a few are drafted at once.
  const queue: number[] = []
  const concurrency = deps.concurrency ?? 4
  let active = 0
  const pump = () => {
    while (active < concurrency && queue.length > 0) {
      const messageId = queue.shift()!
      active++
      draftInbound(pipeline, messageId)
        .catch((error: unknown) => deps.log.error('drafts.draft-failed', { messageId, error }))
        .finally(() => {
          active--
          pump()
        })
    }
  }
  const unsubscribe = deps.events.subscribe((event, payload) => {
    if (event !== 'messages:received') return
    const { messages } = payload as { messages: { messageId: number }[] }
    queue.push(...messages.map((m) => m.messageId))
    pump()
  })
  const sweep = setInterval(() => service.sweepPresence(), PRESENCE_SWEEP_MS)
  sweep.unref()

  return {
    service,
    policies,
    close() {
      unsubscribe()
      clearInterval(sweep)
      timers.stop()
    },
  }
}
