import { createHash } from 'node:crypto'
import type { Draft, DraftSource } from '@shared/contract/ai'
import { detectHandoff, handoverLanguage, handoverMessage } from './guardrails'
import { createKnowledgeIndexCache, type KnowledgeIndexCache } from './kb-index'
import type { KbEntryRecord } from './kb-repo'
import { UNDETERMINED } from './language'
import { fillAnswer } from './placeholders'
import { entryRef, factRef, type DraftProvider, type DraftRequest } from './provider'
import { retrieve, type Retrieval } from './retrieve'

/** The local drafter's model name in drafts and the audit; bump it when its behaviour changes. */
export const LOCAL_MODEL = 'local-retrieval-1'

export const entrySource = (entry: KbEntryRecord): DraftSource => ({
  ref: entryRef(entry),
  kind: entry.kind,
  title: entry.question,
})

export const factSource = (key: string): DraftSource => ({
  ref: factRef(key),
  kind: 'fact',
  title: key,
})

export interface LocalDraft {
  draft: Draft
  /** What the search found (null for a handoff, which does not search). */
  retrieval: Retrieval | null
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

const baseOf = (request: DraftRequest, earlier: readonly string[]) => ({
  provider: 'local' as const,
  model: LOCAL_MODEL,
  promptHash: hashOf({
    model: LOCAL_MODEL,
    kb: [request.kb.clientId, request.kb.revision],
    text: request.inbound.text,
    earlier,
  }),
})

const earlierInbound = (request: DraftRequest) =>
  request.conversation.filter((turn) => turn.direction === 'in').map((turn) => turn.text)

/**
 * The guardrail's draft for a message a person must handle (guardrails.ts): the handover message
 * in the customer's language, or null. Every provider answers this way first, so such a message
 * never leaves for a remote model (the draft says provider `local`).
 */
export function handoffDraft(request: DraftRequest): Draft | null {
  const text = request.inbound.text
  const handoff = detectHandoff(text)
  if (!handoff) return null
  const message = handoverMessage(handoverLanguage(text, handoff.language), request.client.name)
  return {
    ...baseOf(request, earlierInbound(request)),
    reply: message.text,
    sources: [],
    confidence: 1,
    handoff: true,
    handoffReason: handoff.reason,
    needsAnswer: false,
    language: message.language,
  }
}

/**
 * The built-in drafter: offline, deterministic, no model. A handoff message gets the handover
 * text; otherwise the best knowledge-base entry's answer, with its `{{facts}}` filled, in the
 * language the entry is in (the customer's when the knowledge base has it). Nothing that matches,
 * or a best entry whose facts are not filled yet, gives an empty reply marked `needsAnswer`.
 */
export function draftLocally(cache: KnowledgeIndexCache, request: DraftRequest): LocalDraft {
  const handed = handoffDraft(request)
  if (handed) return { draft: handed, retrieval: null }
  const text = request.inbound.text
  const earlier = earlierInbound(request)
  const base = baseOf(request, earlier)

  const retrieval = retrieve(cache, request.kb, text, earlier)
  const best = retrieval.matches[0]
  const noAnswer = (sources: DraftSource[]): LocalDraft => ({
    draft: {
      ...base,
      reply: '',
      sources,
      confidence: 0,
      handoff: false,
      handoffReason: null,
      needsAnswer: true,
      language:
        retrieval.detected.language !== UNDETERMINED
          ? retrieval.detected.language
          : (retrieval.language ?? UNDETERMINED),
    },
    retrieval,
  })
  if (!best || retrieval.confidence.confidence === 0) return noAnswer([])

  const filled = fillAnswer(best.entry.answer, request.kb.facts, best.entry.language)
  // The best entry waits for facts staff have not filled: cite it so the agent sees which.
  if (filled.missing.length > 0)
    return noAnswer([entrySource(best.entry), ...filled.missing.map(factSource)])

  return {
    draft: {
      ...base,
      reply: filled.text,
      sources: [entrySource(best.entry), ...filled.used.map((fact) => factSource(fact.key))],
      confidence: Math.round(retrieval.confidence.confidence * 1000) / 1000,
      handoff: false,
      handoffReason: null,
      needsAnswer: false,
      language: best.entry.language,
    },
    retrieval,
  }
}

/** The local drafter behind the provider interface (its index cache lives as long as it does). */
export function createLocalDrafter(
  cache: KnowledgeIndexCache = createKnowledgeIndexCache(),
): DraftProvider & { cache: KnowledgeIndexCache } {
  return {
    kind: 'local',
    model: LOCAL_MODEL,
    cache,
    draft: async (request) => draftLocally(cache, request).draft,
  }
}
