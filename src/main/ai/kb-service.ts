import type {
  KbEntry,
  KbFact,
  KbFileFormat,
  KbImportResult,
  KnowledgeBase,
  KnowledgeTry,
} from '@shared/contract/ai'
import type { ChannelParsedInput } from '@shared/contract/channels'
import { AppError } from '@shared/contract/errors'
import type { CoreEvents } from '../core-events'
import type { AuditRepo } from '../store/audit-repo'
import type { ClientRecord } from '../store/clients-repo'
import { storageError } from '../store/database'
import { formatKbFile, parseKbFile } from './kb-files'
import { createKnowledgeIndexCache, type KnowledgeIndexCache } from './kb-index'
import type { KbRepo } from './kb-repo'
import { seedKnowledgeBase, type SeedResult } from './kb-seed'
import { entryView, factView, knowledgeBaseView } from './kb-views'
import { draftLocally } from './local-drafter'
import type { KnowledgeSnapshot } from './provider'

export interface KnowledgeServiceDeps {
  repo: KbRepo
  client: (clientId: string) => ClientRecord | null
  audit: AuditRepo
  events: Pick<CoreEvents, 'emit'>
  /** Shared with the drafters, so an edit is searched at once. */
  cache?: KnowledgeIndexCache
  now?: () => string
}

const subject = (clientId: string) => `client:${clientId}`

/**
 * Each client's knowledge base: read, edit, import, export, seed and try. Every change counts one
 * revision (the drafter's index follows it), is audited, and is pushed as `knowledge:changed`.
 */
export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { repo } = deps
  const cache = deps.cache ?? createKnowledgeIndexCache()
  const now = deps.now ?? (() => new Date().toISOString())

  const requireClient = (clientId: string): ClientRecord => {
    const client = deps.client(clientId)
    if (!client) throw new AppError('NOT_FOUND', `No client ${clientId}.`)
    return client
  }

  /** Runs a change in one transaction, bumps the revision, audits and pushes it. */
  function change<T>(
    clientId: string,
    action: string,
    actor: string,
    fn: () => T,
    details: (result: T) => Record<string, unknown>,
  ): T {
    requireClient(clientId)
    let result: T
    let revision: number
    try {
      ;[result, revision] = repo.transaction(() => {
        const value = fn()
        return [value, repo.bump(clientId)] as const
      })
    } catch (error) {
      if (AppError.is(error)) throw error
      throw storageError(error, 'save the knowledge base')
    }
    deps.audit.append({ actor, action, subject: subject(clientId), details: details(result) })
    deps.events.emit('knowledge:changed', { clientId, revision })
    return result
  }

  const service = {
    cache,
    get(clientId: string): KnowledgeBase {
      const client = requireClient(clientId)
      return knowledgeBaseView({
        clientId,
        clientName: client.name,
        revision: repo.revision(clientId),
        entries: repo.entries(clientId),
        facts: repo.facts(clientId),
      })
    },
    /** What a drafter reads: one consistent revision of the client's entries and facts. */
    snapshot(clientId: string): KnowledgeSnapshot {
      requireClient(clientId)
      return repo.transaction(() => ({
        clientId,
        revision: repo.revision(clientId),
        entries: repo.entries(clientId),
        facts: repo.facts(clientId),
      }))
    },
    saveEntry(input: ChannelParsedInput<'knowledge:save-entry'>, actor: string): KbEntry {
      const { clientId, id, entry } = input
      const savedId = change(
        clientId,
        id === undefined ? 'knowledge.entry.add' : 'knowledge.entry.update',
        actor,
        () => {
          if (id === undefined) return repo.insertEntry(clientId, entry, 'staff', now())
          if (!repo.updateEntry(clientId, id, entry, 'staff', now()))
            throw new AppError('NOT_FOUND', `No knowledge-base entry ${id} for client ${clientId}.`)
          return id
        },
        (saved) => ({ id: saved, kind: entry.kind, language: entry.language }),
      )
      return entryView(repo.entry(clientId, savedId)!, repo.facts(clientId))
    },
    deleteEntry(clientId: string, id: number, actor: string): { deleted: boolean } {
      const deleted = change(
        clientId,
        'knowledge.entry.delete',
        actor,
        () => repo.deleteEntry(clientId, id),
        (gone) => ({ id, deleted: gone }),
      )
      return { deleted }
    },
    saveFact(input: ChannelParsedInput<'knowledge:save-fact'>, actor: string): KbFact {
      const { clientId, fact, previous } = input
      change(
        clientId,
        'knowledge.fact.save',
        actor,
        () => {
          const renamed =
            previous && (previous.key !== fact.key || previous.language !== fact.language)
          if (renamed) {
            if (repo.hasFact(clientId, fact.key, fact.language))
              throw new AppError(
                'CONFLICT',
                `A fact ${fact.key} (${fact.language}) already exists.`,
                {
                  fix: 'Edit that fact, or choose another key or language.',
                },
              )
            repo.deleteFact(clientId, previous.key, previous.language)
          }
          return repo.upsertFact(clientId, fact, 'staff', now())
        },
        (outcome) => ({ key: fact.key, language: fact.language, outcome }),
      )
      const saved = repo
        .facts(clientId)
        .find((f) => f.key === fact.key && f.language === fact.language)!
      return factView(saved)
    },
    deleteFact(clientId: string, key: string, language: string, actor: string) {
      const deleted = change(
        clientId,
        'knowledge.fact.delete',
        actor,
        () => repo.deleteFact(clientId, key, language),
        (gone) => ({ key, language, deleted: gone }),
      )
      return { deleted }
    },
    import(input: ChannelParsedInput<'knowledge:import'>, actor: string): KbImportResult {
      const { clientId, format, content, mode } = input
      requireClient(clientId)
      const parsed = parseKbFile(format, content)
      return change(
        clientId,
        'knowledge.import',
        actor,
        () => {
          const at = now()
          const result: KbImportResult = {
            mode,
            entries: { added: 0, updated: 0 },
            facts: { added: 0, updated: 0 },
            removed: mode === 'replace' ? repo.clear(clientId) : 0,
          }
          for (const entry of parsed.entries) {
            const existing = repo.findSameQuestion(clientId, entry)
            if (existing === null) {
              repo.insertEntry(clientId, entry, 'import', at)
              result.entries.added++
            } else {
              repo.updateEntry(clientId, existing, entry, 'import', at)
              result.entries.updated++
            }
          }
          for (const fact of parsed.facts)
            result.facts[repo.upsertFact(clientId, fact, 'import', at)]++
          return result
        },
        (result) => ({ format, ...result }),
      )
    },
    export(clientId: string, format: KbFileFormat) {
      const client = requireClient(clientId)
      const slug = (client.name ?? clientId)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
      return {
        fileName: `knowledge-base-${slug || 'client'}.${format}`,
        mimeType: format === 'json' ? 'application/json' : 'text/csv',
        content: formatKbFile(format, repo.entries(clientId), repo.facts(clientId)),
      }
    },
    /** The local drafter's answer to a test message, with what the search found. */
    tryDraft(clientId: string, text: string): KnowledgeTry {
      const client = requireClient(clientId)
      const { draft, retrieval } = draftLocally(cache, {
        client: { id: clientId, name: client.name },
        conversation: [],
        inbound: { text },
        kb: service.snapshot(clientId),
      })
      return {
        ...draft,
        detectedLanguage: retrieval?.detected.language ?? draft.language,
        matches: (retrieval?.matches ?? []).map((match) => ({
          ref: `${match.entry.kind}:${match.entry.id}`,
          title: match.entry.question,
          language: match.entry.language,
          score: Math.round(match.score * 100) / 100,
        })),
      }
    },
    /** Seeds the knowledge base from onboarding (kb-seed.ts); pushes a change when there was one. */
    seed(clientId: string): SeedResult {
      const result = seedKnowledgeBase({ repo, client: deps.client, now }, clientId)
      if (result.seeded || result.filled.length > 0) {
        deps.audit.append({
          actor: 'system:onboarding',
          action: 'knowledge.seed',
          subject: subject(clientId),
          details: { seeded: result.seeded, filled: result.filled },
        })
        deps.events.emit('knowledge:changed', { clientId, revision: result.revision })
      }
      return result
    },
  }
  return service
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>
