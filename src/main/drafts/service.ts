import type {
  DraftDecision,
  DraftDetail,
  DraftEditor,
  DraftRates,
  DraftSummary,
} from '@shared/contract/drafts'
import { draftDecisionSchema } from '@shared/contract/drafts'
import { AppError } from '@shared/contract/errors'
import type { CoreEvents } from '../core-events'
import type { AuditRepo } from '../store/audit-repo'
import { draftSubject, type DraftsContext } from './drafts-context'
import { writeDraft, type PipelineDeps } from './pipeline'
import type { Presence } from './presence'
import {
  countOpen,
  draftById,
  draftCounts,
  draftView,
  openDraftViews,
  recentDraftViews,
  updateDraft,
} from './repo'
import { sendDraft } from './send'
import type { ReviewTimers } from './timers'
import { draftDetail, draftSummary } from './views'

export interface DraftsServiceDeps {
  ctx: DraftsContext
  pipeline: PipelineDeps
  timers: ReviewTimers
  presence: Presence
  events: Pick<CoreEvents, 'emit'>
  audit: Pick<AuditRepo, 'forSubject'>
  /** This desktop's agent name (the `agentName` setting, else the OS user). */
  agentName(): string
}

/** Who acts: the agent's name for people, the transport's actor for the audit. */
export interface Acting {
  actor: string
}

const summaryOf = (ctx: DraftsContext, id: number): DraftSummary => {
  const view = draftView(ctx.db, id)
  if (!view) throw new AppError('NOT_FOUND', `No draft ${id}.`)
  return draftSummary(view)
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)

/** The review queue and what agents do with drafts (policies and pauses are in policies.ts). */
export function createDraftsService(deps: DraftsServiceDeps) {
  const { ctx } = deps

  const publishPresence = () =>
    deps.events.emit('drafts:presence-changed', { editors: deps.presence.editors() })

  return {
    list(input: { clientId?: string | undefined; include?: 'open' | 'recent'; limit?: number }) {
      const limit = input.limit ?? 500
      const views =
        input.include === 'recent'
          ? recentDraftViews(ctx.db, input.clientId, limit)
          : openDraftViews(ctx.db, input.clientId, limit)
      return { items: views.map(draftSummary), pendingCount: countOpen(ctx.db) }
    },

    get(id: number): DraftDetail {
      const view = draftView(ctx.db, id)
      if (!view) throw new AppError('NOT_FOUND', `No draft ${id}.`)
      return draftDetail(ctx.db, view, deps.audit.forSubject(draftSubject(id), 200))
    },

    async approve(id: number, acting: Acting): Promise<DraftSummary> {
      const row = draftById(ctx.db, id)
      if (!row) throw new AppError('NOT_FOUND', `No draft ${id}.`)
      await sendDraft(ctx, id, {
        kind: 'agent',
        agent: deps.agentName(),
        text: row.text,
        ...acting,
      })
      deps.timers.reschedule()
      return summaryOf(ctx, id)
    },

    async send(id: number, text: string, acting: Acting): Promise<DraftSummary> {
      await sendDraft(ctx, id, { kind: 'agent', agent: deps.agentName(), text, ...acting })
      deps.timers.reschedule()
      return summaryOf(ctx, id)
    },

    reject(id: number, reason: string, acting: Acting): DraftSummary {
      const agent = deps.agentName()
      const done = updateDraft(
        ctx.db,
        id,
        ['pending', 'failed'],
        {
          state: 'rejected',
          status: 'rejected',
          reject_reason: reason,
          decided_by: agent,
          decided_at: ctx.iso(),
          send_at: null,
        },
        ctx.iso(),
      )
      if (!done) throw new AppError('CONFLICT', 'This draft was decided meanwhile; look again.')
      ctx.audit(id, acting.actor, 'draft.rejected', { by: agent, reason })
      ctx.changed([id])
      deps.timers.reschedule()
      return summaryOf(ctx, id)
    },

    async regenerate(id: number, acting: Acting): Promise<DraftSummary> {
      if (
        !updateDraft(
          ctx.db,
          id,
          ['pending', 'failed'],
          { state: 'drafting', send_at: null },
          ctx.iso(),
        )
      )
        throw new AppError('CONFLICT', 'Only a pending or failed draft can be drafted again.')
      ctx.audit(id, acting.actor, 'draft.regenerate', { by: deps.agentName() })
      ctx.changed([id])
      deps.timers.reschedule()
      await writeDraft(deps.pipeline, id, { kind: 'regenerate', actor: acting.actor })
      return summaryOf(ctx, id)
    },

    /** What one window has open; typing in a draft holds its review delay (an agent acts). */
    presence(windowId: string, draftId: number | null, editing: boolean): DraftEditor[] {
      const agentName = deps.agentName()
      if (draftId !== null && editing) {
        const row = draftById(ctx.db, draftId)
        if (
          row?.send_at != null &&
          updateDraft(ctx.db, draftId, ['pending'], { send_at: null }, ctx.iso())
        ) {
          ctx.audit(draftId, 'system:drafts', 'draft.held', { rule: 'agent', by: agentName })
          ctx.changed([draftId])
          deps.timers.reschedule()
        }
      }
      if (deps.presence.set(windowId, draftId === null ? null : { draftId, agentName, editing }))
        publishPresence()
      return deps.presence.editors()
    },

    sweepPresence() {
      if (deps.presence.sweep()) publishPresence()
    },

    rates(clientId: string | undefined): DraftRates[] {
      const byClient = new Map<string, DraftRates>()
      for (const row of draftCounts(ctx.db, clientId)) {
        const rates =
          byClient.get(row.client_id) ??
          ({
            clientId: row.client_id,
            clientName: row.client_name,
            total: 0,
            pending: 0,
            decisions: {},
            acceptanceRate: null,
            editRate: null,
            rejectionRate: null,
          } as DraftRates)
        byClient.set(row.client_id, rates)
        rates.total += row.n
        if (row.status === 'pending') rates.pending += row.n
        else rates.decisions[row.status] = row.n
      }
      return [...byClient.values()].map((rates) => {
        const count = (decision: DraftDecision) => rates.decisions[decision] ?? 0
        const reviewed = count('approved') + count('edited') + count('rejected')
        for (const decision of draftDecisionSchema.options) rates.decisions[decision] ??= 0
        return {
          ...rates,
          acceptanceRate: ratio(count('approved'), reviewed),
          editRate: ratio(count('edited'), reviewed),
          rejectionRate: ratio(count('rejected'), reviewed),
        }
      })
    },
  }
}

export type DraftsService = ReturnType<typeof createDraftsService>
