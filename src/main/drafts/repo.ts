import type { AiPolicy, DraftDecision, DraftRule, DraftState } from '@shared/contract/drafts'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'

/** A `drafts` row as stored (migration 0009). */
export interface DraftRecord {
  id: number
  inbound_wamid: string
  client_id: string
  inbound_at: number
  state: DraftState
  /** The decision; `pending` until one is made. */
  status: DraftDecision | 'pending'
  policy: AiPolicy
  rule: DraftRule
  text: string
  needs_answer: 0 | 1
  confidence: number | null
  sources: string
  handoff_reason: string | null
  language: string | null
  provider: string | null
  model: string | null
  prompt_hash: string | null
  error: string | null
  attempts: number
  send_at: number | null
  sent_text: string | null
  outbox_key: string | null
  message_id: number | null
  decided_by: string | null
  decided_at: string | null
  reject_reason: string | null
  created_at: string
  updated_at: string
}

/** A draft with its inbound message, conversation, contact and client, as the views need it. */
export interface DraftView extends DraftRecord {
  inbound_message_id: number
  conversation_id: number
  inbound_text: string | null
  inbound_type: string
  profile_name: string | null
  username: string | null
  wa_id: string | null
  user_id: string | null
  client_name: string | null
  last_inbound_at: number | null
  paused: 'taken-over' | 'handoff' | null
}

export const OPEN_STATES: readonly DraftState[] = ['drafting', 'pending', 'failed']

const VIEW_SELECT = `
  SELECT d.*, m.id AS inbound_message_id, m.conversation_id, m.text AS inbound_text,
    m.type AS inbound_type, k.profile_name, k.username, k.wa_id, k.user_id,
    cl.name AS client_name, c.last_inbound_at, a.paused
  FROM drafts d
  JOIN messages m ON m.wamid = d.inbound_wamid
  JOIN conversations c ON c.id = m.conversation_id
  JOIN contacts k ON k.id = c.contact_id
  LEFT JOIN clients cl ON cl.id = d.client_id
  LEFT JOIN ai_conversations a ON a.conversation_id = c.id`

export type DraftPatch = Partial<Omit<DraftRecord, 'id' | 'inbound_wamid' | 'client_id'>>

export function insertDraft(
  db: Db,
  row: Pick<DraftRecord, 'inbound_wamid' | 'client_id' | 'inbound_at' | 'policy' | 'rule'>,
  now: string,
): number | null {
  const result = prep(
    db,
    `INSERT INTO drafts (inbound_wamid, client_id, inbound_at, state, policy, rule, created_at,
       updated_at) VALUES (?, ?, ?, 'drafting', ?, ?, ?, ?)
     ON CONFLICT (inbound_wamid) DO NOTHING`,
  ).run(row.inbound_wamid, row.client_id, row.inbound_at, row.policy, row.rule, now, now)
  return result.changes === 1 ? Number(result.lastInsertRowid) : null
}

export function draftById(db: Db, id: number): DraftRecord | undefined {
  return prep<[number], DraftRecord>(db, 'SELECT * FROM drafts WHERE id = ?').get(id)
}

export function draftView(db: Db, id: number): DraftView | undefined {
  return prep<[number], DraftView>(db, `${VIEW_SELECT} WHERE d.id = ?`).get(id)
}

export function draftViews(db: Db, ids: readonly number[]): DraftView[] {
  return ids.flatMap((id) => draftView(db, id) ?? [])
}

/** Open drafts (drafting, pending, failed), oldest customer message first. */
export function openDraftViews(db: Db, clientId: string | undefined, limit: number): DraftView[] {
  const states = OPEN_STATES.map((s) => `'${s}'`).join(', ')
  return clientId === undefined
    ? prep<[number], DraftView>(
        db,
        `${VIEW_SELECT} WHERE d.state IN (${states}) ORDER BY d.inbound_at, d.id LIMIT ?`,
      ).all(limit)
    : prep<[string, number], DraftView>(
        db,
        `${VIEW_SELECT} WHERE d.state IN (${states}) AND d.client_id = ?
           ORDER BY d.inbound_at, d.id LIMIT ?`,
      ).all(clientId, limit)
}

/** The newest drafts whatever their state (the queue's "recently decided"). */
export function recentDraftViews(db: Db, clientId: string | undefined, limit: number): DraftView[] {
  return clientId === undefined
    ? prep<[number], DraftView>(db, `${VIEW_SELECT} ORDER BY d.id DESC LIMIT ?`).all(limit)
    : prep<[string, number], DraftView>(
        db,
        `${VIEW_SELECT} WHERE d.client_id = ? ORDER BY d.id DESC LIMIT ?`,
      ).all(clientId, limit)
}

export function countOpen(db: Db): number {
  const states = OPEN_STATES.map((s) => `'${s}'`).join(', ')
  return prep<[], { n: number }>(
    db,
    `SELECT count(*) AS n FROM drafts WHERE state IN (${states})`,
  ).get()!.n
}

/** Open drafts of the conversation the inbound messages are in now. */
export function openDraftsOfConversation(db: Db, conversationId: number): DraftRecord[] {
  const states = OPEN_STATES.map((s) => `'${s}'`).join(', ')
  return prep<[number], DraftRecord>(
    db,
    `SELECT d.* FROM messages m JOIN drafts d ON d.inbound_wamid = m.wamid
       WHERE m.conversation_id = ? AND d.state IN (${states})`,
  ).all(conversationId)
}

/**
 * Changes a draft when it is in one of `from`; false when it moved meanwhile (another window, the
 * timer, another action) — the caller's action then did nothing.
 */
export function updateDraft(
  db: Db,
  id: number,
  from: readonly DraftState[],
  patch: DraftPatch,
  now: string,
): boolean {
  const columns = Object.keys(patch) as (keyof DraftPatch)[]
  const sets = [...columns.map((c) => `${c} = ?`), 'updated_at = ?'].join(', ')
  const states = from.map(() => '?').join(', ')
  return (
    prep(db, `UPDATE drafts SET ${sets} WHERE id = ? AND state IN (${states})`).run(
      ...columns.map((c) => patch[c]),
      now,
      id,
      ...from,
    ).changes === 1
  )
}

/** Pending drafts whose review delay ran out by `nowMs`. */
export function dueDrafts(db: Db, nowMs: number): number[] {
  return prep<[number], { id: number }>(
    db,
    `SELECT id FROM drafts WHERE send_at IS NOT NULL AND send_at <= ? AND state = 'pending'
       ORDER BY send_at`,
  )
    .all(nowMs)
    .map((row) => row.id)
}

/** The next review deadline, or null. */
export function nextDeadline(db: Db): number | null {
  return (
    prep<[], { at: number | null }>(
      db,
      "SELECT min(send_at) AS at FROM drafts WHERE send_at IS NOT NULL AND state = 'pending'",
    ).get()?.at ?? null
  )
}

export interface DraftCounts {
  client_id: string
  client_name: string | null
  status: DraftDecision | 'pending'
  n: number
}

export function draftCounts(db: Db, clientId: string | undefined): DraftCounts[] {
  const where = clientId === undefined ? '' : 'WHERE d.client_id = ?'
  return prep<string[], DraftCounts>(
    db,
    `SELECT d.client_id, cl.name AS client_name, d.status, count(*) AS n
       FROM drafts d LEFT JOIN clients cl ON cl.id = d.client_id ${where}
       GROUP BY d.client_id, d.status ORDER BY cl.name, d.client_id`,
  ).all(...(clientId === undefined ? [] : [clientId]))
}
