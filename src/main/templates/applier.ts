import type { ManagementApplier } from '../messaging/ingest-updates'
import { prep } from '../messaging/sql'
import { applyTemplateStatus } from './repo'

/** Meta's events that mean "approved again". */
const APPROVED_AGAIN = new Set(['REINSTATED'])

/**
 * Applies `message_template_status_update` webhooks to the `templates` table inside the ingest
 * transaction (the messaging service calls every applier it is given), and remembers which
 * clients' templates changed so the templates service can push `templates:changed` once the
 * transaction committed. Meta's time is the entry's `time`.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/message_template_status_update
 */
export function createTemplateStatusApplier(
  /** The platform's clock (platform-clock.ts), for an update without Meta's time. */
  now: () => number = Date.now,
) {
  const changed = new Map<string, Set<number>>()
  const apply: ManagementApplier = (db, update) => {
    if (update.kind !== 'template_status' || !update.event) return false
    const wabaId = update.wabaId ?? update.at.entryId
    const event = APPROVED_AGAIN.has(update.event.toUpperCase()) ? 'APPROVED' : update.event
    const ids = applyTemplateStatus(db, {
      wabaId,
      metaId: update.templateId,
      name: update.templateName,
      language: update.language,
      event,
      reason: update.reason,
      category: update.category,
      atMs: update.at.entryTimeMs ?? now(),
    })
    for (const id of ids) {
      const client = prep<[number], { client_id: string | null }>(
        db,
        `SELECT (SELECT c.id FROM clients c WHERE c.waba_id = t.waba_id) AS client_id
           FROM templates t WHERE t.id = ?`,
      ).get(id)
      if (!client?.client_id) continue
      let set = changed.get(client.client_id)
      if (!set) changed.set(client.client_id, (set = new Set()))
      set.add(id)
    }
    return ids.length > 0
  }
  return {
    apply,
    /** The template ids changed per client since the last call (pushed after the commit). */
    take(): Map<string, number[]> {
      const out = new Map([...changed].map(([client, ids]) => [client, [...ids]]))
      changed.clear()
      return out
    },
  }
}

export type TemplateStatusApplier = ReturnType<typeof createTemplateStatusApplier>
