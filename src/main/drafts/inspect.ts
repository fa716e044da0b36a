import { UNASSIGNED } from '@shared/contract/messaging'
import type { InspectEntity } from '../inspect/entity'

/**
 * `npm run inspect -- drafts [--json|--csv] [--since T] [--client ID]`: one row per draft, newest
 * `--limit` oldest first — the customer's wamid (`inbound_id`), where it is (`state`), the
 * provider's draft (`text`), what went out (`sent_text`), the decision and the audit fields.
 */
export const draftsEntities: Record<string, InspectEntity> = {
  drafts: {
    describe:
      'AI drafts: inbound wamid, state, decision, draft and sent text, rule, provider, model, prompt hash, sources, confidence, who and when',
    tables: ['drafts'],
    rows: (db, { limit, since, client }) => {
      const where: string[] = []
      const params: (string | number)[] = []
      if (since !== undefined) {
        where.push('d.created_at >= ?')
        params.push(new Date(since).toISOString())
      }
      if (client === UNASSIGNED) where.push('0')
      else if (client !== undefined) {
        where.push('d.client_id = ?')
        params.push(client)
      }
      const rows = db
        .prepare<unknown[], Record<string, unknown>>(
          `SELECT d.inbound_wamid AS inbound_id, d.state, d.text, d.sent_text,
             CASE d.status WHEN 'pending' THEN NULL ELSE d.status END AS decision,
             d.id, d.client_id, m.conversation_id, d.policy, d.rule, d.needs_answer,
             d.confidence, d.sources, d.handoff_reason, d.language, d.provider, d.model,
             d.prompt_hash, d.error, d.attempts, d.send_at, d.message_id, d.decided_by,
             d.decided_at, d.reject_reason, d.created_at, d.updated_at
           FROM drafts d LEFT JOIN messages m ON m.wamid = d.inbound_wamid
           ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY d.id DESC LIMIT ?`,
        )
        .all(...params, limit)
      return rows.reverse().map((row) => ({
        ...row,
        needs_answer: row.needs_answer === 1,
        sources: JSON.parse(String(row.sources)) as unknown,
        error: row.error === null ? null : (JSON.parse(String(row.error)) as unknown),
        send_at: row.send_at === null ? null : new Date(Number(row.send_at)).toISOString(),
      }))
    },
  },
}
