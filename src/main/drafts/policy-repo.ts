import {
  DEFAULT_AI_POLICY,
  DEFAULT_TIMEOUT_SECONDS,
  type AiPolicy,
  type ClientPolicy,
  type ConversationAi,
} from '@shared/contract/drafts'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'

/** Each client's AI policy and each conversation's override and pause (migration 0009). */

interface ClientPolicyRow {
  policy: AiPolicy
  timeout_seconds: number
  updated_by: string
  updated_at: string
}

interface ConversationAiRow {
  policy: AiPolicy | null
  timeout_seconds: number | null
  paused: 'taken-over' | 'handoff' | null
  paused_by: string | null
  paused_at: string | null
}

/** The client's policy; `review` when it was never set (what a new client starts on). */
export function clientPolicy(db: Db, clientId: string): ClientPolicy {
  const row = prep<[string], ClientPolicyRow>(
    db,
    'SELECT policy, timeout_seconds, updated_by, updated_at FROM ai_client_policies WHERE client_id = ?',
  ).get(clientId)
  return {
    clientId,
    policy: row?.policy ?? DEFAULT_AI_POLICY,
    timeoutSeconds: row?.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS,
    updatedBy: row?.updated_by ?? null,
    updatedAt: row?.updated_at ?? null,
  }
}

export function saveClientPolicy(
  db: Db,
  clientId: string,
  policy: AiPolicy,
  timeoutSeconds: number,
  by: string,
  now: string,
): void {
  prep(
    db,
    `INSERT INTO ai_client_policies (client_id, policy, timeout_seconds, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET policy = excluded.policy,
       timeout_seconds = excluded.timeout_seconds, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  ).run(clientId, policy, timeoutSeconds, by, now)
}

/** The client owning the conversation's number now (the same choice the messaging views make). */
export function clientOfConversation(db: Db, conversationId: number): string | null | undefined {
  const row = prep<[number], { client_id: string | null }>(
    db,
    `SELECT (SELECT id FROM clients WHERE phone_number_id = c.phone_number_id
       ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1) AS client_id
     FROM conversations c WHERE c.id = ?`,
  ).get(conversationId)
  return row === undefined ? undefined : row.client_id
}

function conversationRow(db: Db, conversationId: number): ConversationAiRow | undefined {
  return prep<[number], ConversationAiRow>(
    db,
    `SELECT policy, timeout_seconds, paused, paused_by, paused_at FROM ai_conversations
       WHERE conversation_id = ?`,
  ).get(conversationId)
}

/** The conversation's policy (its override, else its client's) and whether the bot is paused. */
export function conversationAi(
  db: Db,
  conversationId: number,
  clientId: string | null,
): ConversationAi {
  const row = conversationRow(db, conversationId)
  const client = clientId === null ? null : clientPolicy(db, clientId)
  const override =
    row?.policy != null
      ? {
          policy: row.policy,
          timeoutSeconds: row.timeout_seconds ?? client?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        }
      : null
  return {
    conversationId,
    clientId,
    override,
    effective: override
      ? { ...override, from: 'conversation' }
      : {
          policy: client?.policy ?? DEFAULT_AI_POLICY,
          timeoutSeconds: client?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          from: 'client',
        },
    paused:
      row?.paused != null
        ? { kind: row.paused, by: row.paused_by ?? '', at: row.paused_at ?? '' }
        : null,
  }
}

const upsert = (db: Db, conversationId: number, now: string) =>
  prep(
    db,
    `INSERT INTO ai_conversations (conversation_id, updated_at) VALUES (?, ?)
     ON CONFLICT (conversation_id) DO NOTHING`,
  ).run(conversationId, now)

export function saveConversationPolicy(
  db: Db,
  conversationId: number,
  policy: AiPolicy | null,
  timeoutSeconds: number | null,
  now: string,
): void {
  upsert(db, conversationId, now)
  prep(
    db,
    'UPDATE ai_conversations SET policy = ?, timeout_seconds = ?, updated_at = ? WHERE conversation_id = ?',
  ).run(policy, policy === null ? null : timeoutSeconds, now, conversationId)
}

/** Pauses the bot in the conversation (an agent's take over wins over an earlier handoff). */
export function pauseConversation(
  db: Db,
  conversationId: number,
  kind: 'taken-over' | 'handoff',
  by: string,
  now: string,
): void {
  upsert(db, conversationId, now)
  prep(
    db,
    `UPDATE ai_conversations SET paused = ?, paused_by = ?, paused_at = ?, updated_at = ?
       WHERE conversation_id = ? AND (? = 'taken-over' OR paused IS NULL)`,
  ).run(kind, by, now, now, conversationId, kind)
}

export function releaseConversation(db: Db, conversationId: number, now: string): void {
  prep(
    db,
    `UPDATE ai_conversations SET paused = NULL, paused_by = NULL, paused_at = NULL, updated_at = ?
       WHERE conversation_id = ?`,
  ).run(now, conversationId)
}
