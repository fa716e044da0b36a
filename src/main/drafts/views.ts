import type { DraftSource } from '@shared/contract/ai'
import { appErrorSchema, type AppErrorData } from '@shared/contract/errors'
import type { DraftDetail, DraftSummary } from '@shared/contract/drafts'
import { windowEndsAt } from '@shared/whatsapp/windows'
import { displayName } from '../messaging/rows'
import type { AuditEntry } from '../store/audit-repo'
import type { Db } from '../store/database'
import { contextAround } from './context'
import type { DraftRecord, DraftView } from './repo'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const parseJson = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export function errorOfDraft(row: Pick<DraftRecord, 'error'>): AppErrorData | null {
  const parsed = appErrorSchema.safeParse(parseJson<unknown>(row.error, null))
  return parsed.success ? parsed.data : null
}

export function draftSummary(row: DraftView): DraftSummary {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    conversationId: row.conversation_id,
    contactName: displayName(row),
    inboundWamid: row.inbound_wamid,
    inboundMessageId: row.inbound_message_id,
    inboundText: row.inbound_text,
    inboundType: row.inbound_type,
    inboundAt: new Date(row.inbound_at).toISOString(),
    state: row.state,
    decision: row.status === 'pending' ? null : row.status,
    policy: row.policy,
    rule: row.rule,
    text: row.text,
    needsAnswer: row.needs_answer === 1,
    confidence: row.confidence,
    sources: parseJson<DraftSource[]>(row.sources, []),
    handoffReason: row.handoff_reason as DraftSummary['handoffReason'],
    language: row.language,
    provider: row.provider,
    model: row.model,
    promptHash: row.prompt_hash,
    error: errorOfDraft(row),
    attempts: row.attempts,
    sendAt: iso(row.send_at),
    sentText: row.sent_text,
    messageId: row.message_id,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    rejectReason: row.reject_reason,
    windowEndsAt: iso(windowEndsAt(row.last_inbound_at)),
    paused: row.paused,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function draftDetail(db: Db, row: DraftView, history: AuditEntry[]): DraftDetail {
  return {
    ...draftSummary(row),
    context: contextAround(db, {
      id: row.inbound_message_id,
      conversation_id: row.conversation_id,
      timestamp: row.inbound_at,
    }),
    history: history
      .slice()
      .reverse()
      .map((entry) => ({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        details: entry.details,
      })),
  }
}
