import type { ConversationAi } from '@shared/contract/drafts'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { OutboxApi } from '../outbox/services'
import type { AuditRepo } from '../store/audit-repo'
import type { Db } from '../store/database'
import type { Claims } from '../tunnel/claims'
import { clientOfConversation, conversationAi } from './policy-repo'
import { countOpen, draftViews } from './repo'
import { draftSummary } from './views'

/** What the review domain's functions share: the store, the outbox, the relay's claims, the clock. */
export interface DraftsContext {
  db: Db
  log: Logger
  claims: Claims
  outbox: Pick<OutboxApi, 'send'>
  now(): number
  iso(): string
  /** Records one step of a draft in the audit log (subject `draft:<id>`). */
  audit(id: number, actor: string, action: string, details?: Record<string, unknown>): void
  /** Pushes `drafts:changed` for these drafts; `created`: new in the queue for an agent (notify). */
  changed(ids: readonly number[], created?: boolean): void
  /** Pushes `drafts:conversation-changed` (a policy or a pause changed) and returns the state. */
  conversationChanged(conversationId: number): ConversationAi
}

export interface DraftsContextDeps {
  db: Db
  log: Logger
  claims: Claims
  outbox: Pick<OutboxApi, 'send'>
  audit: Pick<AuditRepo, 'append'>
  events: Pick<CoreEvents, 'emit'>
  now?: () => number
}

export const draftSubject = (id: number) => `draft:${id}`

export function createDraftsContext(deps: DraftsContextDeps): DraftsContext {
  const now = deps.now ?? Date.now
  return {
    db: deps.db,
    log: deps.log,
    claims: deps.claims,
    outbox: deps.outbox,
    now,
    iso: () => new Date(now()).toISOString(),
    audit(id, actor, action, details = {}) {
      deps.audit.append({ actor, action, subject: draftSubject(id), details })
    },
    changed(ids, created = false) {
      const drafts = draftViews(deps.db, ids).map((view) => {
        const summary = draftSummary(view)
        return {
          id: summary.id,
          clientId: summary.clientId,
          conversationId: summary.conversationId,
          state: summary.state,
          created,
          contactName: summary.contactName,
          inboundText: summary.inboundText,
          needsAnswer: summary.needsAnswer,
        }
      })
      if (drafts.length > 0)
        deps.events.emit('drafts:changed', { drafts, pendingCount: countOpen(deps.db) })
    },
    conversationChanged(conversationId) {
      const state = conversationAi(
        deps.db,
        conversationId,
        clientOfConversation(deps.db, conversationId) ?? null,
      )
      deps.events.emit('drafts:conversation-changed', state)
      return state
    },
  }
}
