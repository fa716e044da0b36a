import type { aiNames } from '@shared/contract/ai.names'
import type { ChannelsOf } from '@shared/contract/names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { KnowledgeService } from './kb-service'

/** Thin: who acts, then the knowledge service. */
export function aiHandlers({
  knowledge,
}: {
  knowledge: KnowledgeService
}): HandlersFor<ChannelsOf<typeof aiNames>> {
  return {
    'knowledge:get': async ({ clientId }) => knowledge.get(clientId),
    'knowledge:save-entry': async (input, ctx) => knowledge.saveEntry(input, actorOf(ctx)),
    'knowledge:delete-entry': async ({ clientId, id }, ctx) =>
      knowledge.deleteEntry(clientId, id, actorOf(ctx)),
    'knowledge:save-fact': async (input, ctx) => knowledge.saveFact(input, actorOf(ctx)),
    'knowledge:delete-fact': async ({ clientId, key, language }, ctx) =>
      knowledge.deleteFact(clientId, key, language, actorOf(ctx)),
    'knowledge:import': async (input, ctx) => knowledge.import(input, actorOf(ctx)),
    'knowledge:export': async ({ clientId, format }) => knowledge.export(clientId, format),
    'knowledge:try': async ({ clientId, text }) => knowledge.tryDraft(clientId, text),
  }
}
