import type { ChannelOutput, ChannelParsedInput } from '@shared/contract'
import type { CoreEvents } from '../core-events'
import type { GraphApi } from '../graph'
import type { Logger } from '../logger'
import type { TemplatesApi } from '../outbox/services'
import { senderById } from '../outbox/sender'
import type { Db } from '../store/database'
import type { TemplateStatusApplier } from './applier'
import {
  listTemplates,
  markSynced,
  syncedAt,
  templateById,
  templateRow,
  upsertTemplate,
} from './repo'

export interface TemplatesDeps {
  db: Db
  graph: Pick<GraphApi, 'templates'>
  events: Pick<CoreEvents, 'emit' | 'subscribe'>
  log: Logger
  /** The applier given to the messaging service (its changes are pushed after each commit). */
  applier: TemplateStatusApplier
  /** The platform's clock (platform-clock.ts): a sync is dated on Meta's time, as webhooks are. */
  now?: () => number
}

/**
 * Templates of each client's WABA: synced from Meta (every page), created and submitted from
 * here (PENDING until Meta's review arrives by webhook), listed with their parameter form.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
 */
export function createTemplatesService(
  deps: TemplatesDeps,
): TemplatesApi & { stop(): void; push(): void } {
  const { db, events } = deps

  const list = (clientId: string): ChannelOutput<'templates:list'> => {
    const client = senderById(db, clientId)
    const at = syncedAt(db, client.wabaId)
    return {
      templates: listTemplates(db, client.wabaId).map((r) => templateRow(r, clientId)),
      syncedAt: at === null ? null : new Date(at).toISOString(),
    }
  }

  /** Pushes what webhooks changed, once their transaction committed. */
  const push = () => {
    for (const [clientId, templateIds] of deps.applier.take())
      events.emit('templates:changed', { clientId, templateIds })
  }
  const unsubscribe = events.subscribe((event) => {
    if (event === 'tunnel:events-projected') push()
  })

  return {
    list,
    async sync(clientId) {
      const client = senderById(db, clientId)
      const started = (deps.now ?? Date.now)()
      const all = await deps.graph.templates.listAll(client.wabaId)
      // Meta's webhook times are whole seconds: a status webhook from the second of the sync
      // (or the one before) still wins over the listing.
      const snapshotAt = Math.floor(started / 1000) * 1000 - 1000
      const ids = db
        .transaction(() => {
          const changed = all.map((t) => upsertTemplate(db, client.wabaId, t, snapshotAt))
          markSynced(db, client.wabaId, started)
          return changed
        })
        .immediate()
      deps.log.info('templates.synced', { clientId, count: all.length })
      events.emit('templates:changed', { clientId, templateIds: ids })
      return list(clientId)
    },
    async create(input: ChannelParsedInput<'templates:create'>) {
      const client = senderById(db, input.clientId)
      const created = await deps.graph.templates.create(client.wabaId, {
        name: input.name,
        language: input.language,
        category: input.category,
        ...(input.parameterFormat ? { parameter_format: input.parameterFormat } : {}),
        components: input.components,
      })
      // Meta's stored components: authentication templates are written from its preset and stored
      // expanded (the code as {{1}}, the OTP button as a URL), which the send form needs.
      const stored = await deps.graph.templates.get(client.wabaId, created.id).catch((error) => {
        deps.log.warn('templates.read-back-failed', { clientId: input.clientId, error })
        return null
      })
      const id = upsertTemplate(
        db,
        client.wabaId,
        {
          id: created.id,
          name: input.name,
          language: input.language,
          status: created.status,
          category: created.category,
          components: stored?.components ?? input.components,
          ...(input.parameterFormat ? { parameter_format: input.parameterFormat } : {}),
        },
        // Meta's answer is the oldest fact about this template: any webhook wins over it.
        0,
      )
      deps.log.info('templates.created', { clientId: input.clientId, name: input.name })
      events.emit('templates:changed', { clientId: input.clientId, templateIds: [id] })
      return templateRow(templateById(db, id)!, input.clientId)
    },
    stop: unsubscribe,
    push,
  }
}
