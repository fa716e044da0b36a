import type { TemplateRow } from '@shared/contract/outbox'
import type { Template } from '../graph/endpoints/templates'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'
import { templateForm } from './form'

/** A `templates` row as stored. */
export interface TemplateRecord {
  id: number
  waba_id: string
  name: string
  language: string
  meta_id: string | null
  category: string
  status: string
  reason: string | null
  parameter_format: 'positional' | 'named'
  components: string
  status_at: number | null
  updated_at: number
}

const iso = (ms: number) => new Date(ms).toISOString()

export function templateRow(record: TemplateRecord, clientId: string): TemplateRow {
  const components = JSON.parse(record.components) as Record<string, unknown>[]
  return {
    id: record.id,
    clientId,
    wabaId: record.waba_id,
    metaId: record.meta_id,
    name: record.name,
    language: record.language,
    category: record.category,
    status: record.status,
    reason: record.reason,
    parameterFormat: record.parameter_format,
    components,
    form: templateForm(components),
    sendable: record.status === 'APPROVED',
    updatedAt: iso(record.updated_at),
  }
}

const formatOf = (value: string | undefined): 'positional' | 'named' =>
  value?.toLowerCase() === 'named' ? 'named' : 'positional'

/** Meta's `rejected_reason` is "NONE" for templates that were not rejected. */
const reasonOf = (value: string | undefined) => (value && value !== 'NONE' ? value : null)

/**
 * Stores what Meta says a template is (sync or creation). A status Meta reported by webhook at a
 * later time than `atMs` is kept: the listing is a snapshot, the webhook the newer fact.
 */
export function upsertTemplate(db: Db, wabaId: string, t: Template, atMs: number): number {
  const now = Date.now()
  return prep<unknown[], { id: number }>(
    db,
    `INSERT INTO templates (waba_id, name, language, meta_id, category, status, reason,
         parameter_format, components, status_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (waba_id, name, language) DO UPDATE SET
         meta_id = excluded.meta_id, category = excluded.category,
         parameter_format = excluded.parameter_format, components = excluded.components,
         status = CASE WHEN coalesce(status_at, 0) <= excluded.status_at
           THEN excluded.status ELSE status END,
         reason = CASE WHEN coalesce(status_at, 0) <= excluded.status_at
           THEN excluded.reason ELSE reason END,
         status_at = max(coalesce(status_at, 0), excluded.status_at),
         updated_at = excluded.updated_at
       RETURNING id`,
  ).get(
    wabaId,
    t.name,
    t.language,
    t.id,
    t.category.toUpperCase(),
    t.status.toUpperCase(),
    reasonOf(t.rejected_reason),
    formatOf(t.parameter_format),
    JSON.stringify(t.components),
    atMs,
    now,
    now,
  )!.id
}

const SELECT = `SELECT id, waba_id, name, language, meta_id, category, status, reason,
  parameter_format, components, status_at, updated_at FROM templates`

export function listTemplates(db: Db, wabaId: string): TemplateRecord[] {
  return prep<[string], TemplateRecord>(
    db,
    `${SELECT} WHERE waba_id = ? ORDER BY updated_at DESC, id DESC`,
  ).all(wabaId)
}

export function findTemplate(
  db: Db,
  wabaId: string,
  name: string,
  language: string,
): TemplateRecord | undefined {
  return prep<[string, string, string], TemplateRecord>(
    db,
    `${SELECT} WHERE waba_id = ? AND name = ? AND language = ?`,
  ).get(wabaId, name, language)
}

export function templateById(db: Db, id: number): TemplateRecord | undefined {
  return prep<[number], TemplateRecord>(db, `${SELECT} WHERE id = ?`).get(id)
}

export function markSynced(db: Db, wabaId: string, atMs: number): void {
  prep(
    db,
    `INSERT INTO template_syncs (waba_id, synced_at) VALUES (?, ?)
       ON CONFLICT (waba_id) DO UPDATE SET synced_at = excluded.synced_at`,
  ).run(wabaId, atMs)
}

export function syncedAt(db: Db, wabaId: string): number | null {
  return (
    prep<[string], { synced_at: number }>(
      db,
      'SELECT synced_at FROM template_syncs WHERE waba_id = ?',
    ).get(wabaId)?.synced_at ?? null
  )
}

/**
 * A `message_template_status_update` (Meta's event: APPROVED, REJECTED, PAUSED, DISABLED, …) at
 * Meta's time `atMs`: applied to the template it names (by Meta's id, else WABA + name +
 * language) unless a newer status is stored. Returns the row ids changed.
 */
export function applyTemplateStatus(
  db: Db,
  update: {
    wabaId: string | null
    metaId: string | null
    name: string | null
    language: string | null
    event: string
    reason: string | null
    category: string | null
    atMs: number
  },
): number[] {
  const rows = prep<
    [string | null, string | null, string | null, string | null],
    { id: number; status_at: number | null }
  >(
    db,
    `SELECT id, status_at FROM templates
       WHERE (meta_id IS NOT NULL AND meta_id = ?)
          OR (waba_id = ? AND name = ? AND language = ?)`,
  ).all(update.metaId, update.wabaId, update.name, update.language)
  const changed: number[] = []
  if (rows.length === 0 && update.wabaId && update.name && update.language) {
    // Not synced yet (or the webhook beat the creation's answer): a row the next sync completes.
    const now = Date.now()
    const id = prep<unknown[], { id: number }>(
      db,
      `INSERT INTO templates (waba_id, name, language, meta_id, category, status, reason,
           status_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(
      update.wabaId,
      update.name,
      update.language,
      update.metaId,
      update.category?.toUpperCase() ?? 'UNKNOWN',
      update.event.toUpperCase(),
      reasonOf(update.reason ?? undefined),
      update.atMs,
      now,
      now,
    )!.id
    return [id]
  }
  for (const row of rows) {
    if ((row.status_at ?? 0) > update.atMs) continue
    prep(
      db,
      'UPDATE templates SET status = ?, reason = ?, status_at = ?, updated_at = ? WHERE id = ?',
    ).run(
      update.event.toUpperCase(),
      reasonOf(update.reason ?? undefined),
      update.atMs,
      Date.now(),
      row.id,
    )
    changed.push(row.id)
  }
  return changed
}
