import type { z } from 'zod'
import type { draftFiguresSchema } from '@shared/contract/analytics'
import type { Db } from '../store/database'
import type { DayRange } from './rollups'

/**
 * AI draft review rates, read from the review pipeline's `drafts` table when it exists (null
 * otherwise: the page says "no AI drafts yet" — nothing is estimated). What is read: a `status`
 * column (`approved` = sent unchanged, `edited` = sent after an agent's edit, `pending` = not
 * decided yet, anything else counted as it is named), a `created_at` column (ISO text or epoch
 * ms) for the date range and, when present, `client_id` for the client filter.
 */

type DraftFigures = z.infer<typeof draftFiguresSchema>

export function draftFigures(
  db: Db,
  range: DayRange,
  clientIds: readonly string[] | null,
): DraftFigures | null {
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('drafts')")
      .all()
      .map((c) => c.name),
  )
  if (!columns.has('status') || !columns.has('created_at')) return null
  const start = Date.parse(`${range.from}T00:00:00Z`)
  const end = Date.parse(`${range.to}T00:00:00Z`) + 86_400_000
  // created_at as epoch ms, or as ISO text compared by its instant.
  const at = `CASE WHEN typeof(created_at) = 'integer' THEN created_at
    ELSE CAST(unixepoch(created_at, 'subsec') * 1000 AS INTEGER) END`
  const byClient =
    clientIds !== null && columns.has('client_id')
      ? ` AND client_id IN (${clientIds.map(() => '?').join(', ') || 'NULL'})`
      : ''
  const rows = db
    .prepare<unknown[], { status: string; count: number }>(
      `SELECT status, count(*) AS count FROM drafts WHERE ${at} >= ? AND ${at} < ?${byClient}
         GROUP BY status ORDER BY count DESC, status`,
    )
    .all(start, end, ...(byClient ? clientIds! : []))
  const total = rows.reduce((sum, r) => sum + r.count, 0)
  const countOf = (status: string) => rows.find((r) => r.status === status)?.count ?? 0
  const decided = total - countOf('pending')
  return {
    total,
    byStatus: rows,
    approvalRate: decided > 0 ? countOf('approved') / decided : null,
    editRate: decided > 0 ? countOf('edited') / decided : null,
  }
}
