import type { AiProviderKind, Draft } from '@shared/contract/ai'
import type { KbEntryRecord } from './kb-repo'
import type { FactValue } from './placeholders'

/** One earlier message of the conversation (oldest first). */
export interface ConversationTurn {
  direction: 'in' | 'out'
  text: string
  /** ISO time, when known. */
  at?: string
}

/** The client's knowledge base as a provider reads it (one consistent revision). */
export interface KnowledgeSnapshot {
  clientId: string
  revision: number
  entries: readonly KbEntryRecord[]
  facts: readonly FactValue[]
}

export interface DraftRequest {
  client: { id: string; name: string | null }
  /** The last messages before the inbound one, oldest first (a dozen is plenty). */
  conversation: readonly ConversationTurn[]
  /** The customer's message to answer. */
  inbound: { text: string; wamid?: string }
  kb: KnowledgeSnapshot
  signal?: AbortSignal
}

/**
 * A drafting engine. Every provider answers the same shape (contract `draftSchema`): the reply,
 * the knowledge-base rows it relies on, a confidence, whether to hand over to a person, the
 * reply's language, and what made it (provider, model, prompt hash) for the audit. Failures
 * throw AppError with `retryable` set (see openai/errors.ts).
 */
export interface DraftProvider {
  kind: AiProviderKind
  model: string
  draft(request: DraftRequest): Promise<Draft>
}

export const entryRef = (entry: Pick<KbEntryRecord, 'kind' | 'id'>) => `${entry.kind}:${entry.id}`
export const factRef = (key: string) => `fact:${key}`
