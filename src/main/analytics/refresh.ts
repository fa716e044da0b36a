import type { Db } from '../store/database'
import { prep } from '../messaging/sql'
import { FACT_KEYS, factsOf, type Fact, type FactSource, type WalkStart } from './facts'
import { createRollupDeltas, type RollupDeltas } from './rollup-deltas'

/**
 * Brings `analytics_facts` up to date with the messages: every conversation the triggers of
 * migrations 0008 and 0013 marked dirty is walked from its earliest change, a position (time,
 * id) in the walk's order (the walk's state there read from the messages before it, see
 * walkStart), its facts from there recomputed (facts.ts), and
 * only rows that differ are written — each write takes the old row's contribution to the rollups
 * off and adds the new one's, summed over the whole refresh and written once per rollup row
 * (rollup-deltas.ts). So a duplicate status changes nothing, a late one moves the message between
 * counters exactly once, and a message appended to a long conversation costs its own fact only.
 *
 * Runs inside the caller's transaction when there is one (ingestion calls it after each batch, so
 * the rollups commit with the messages), in its own otherwise. Cheap when nothing is dirty.
 */
export function refreshAnalytics(db: Db): number {
  const dirty = prep<[], Mark>(db, MARKS).all()
  if (dirty.length === 0) return 0
  const deltas = createRollupDeltas()
  db.transaction(() => {
    // What the marks need, read for a chunk of them at once (a batch marks hundreds; a chunk
    // bounds what is held in memory when many conversations are marked from their start).
    for (let i = 0; i < dirty.length; i += MARKS_PER_READ) {
      const chunk = dirty.slice(i, i + MARKS_PER_READ)
      const positions = JSON.stringify(chunk.map((m) => [m.conversation_id, m.from_ms, m.from_id]))
      const messages = byConversation(
        prep<[string], FactSource>(db, MESSAGES_FROM_MARKS).all(positions),
      )
      const facts = byConversation(prep<[string], Fact>(db, FACTS_FROM_MARKS).all(positions))
      for (const mark of chunk)
        refreshConversation(db, deltas, mark, {
          messages: (messages.get(mark.conversation_id) ?? []).sort(inWalkOrder),
          facts: facts.get(mark.conversation_id) ?? [],
        })
    }
    deltas.write(db)
    prep(db, 'DELETE FROM analytics_dirty').run()
  })()
  return dirty.length
}

/** A dirty conversation, from where, and its number and contact's wa_id (null: it is gone). */
interface Mark {
  conversation_id: number
  from_ms: number
  from_id: number
  phone_number_id: string | null
  wa_id: string | null
}

const MARKS = `SELECT d.conversation_id, d.from_ms, d.from_id, c.phone_number_id, k.wa_id
  FROM analytics_dirty d LEFT JOIN conversations c ON c.id = d.conversation_id
  LEFT JOIN contacts k ON k.id = c.contact_id`

const byConversation = <R extends { conversation_id: number }>(rows: R[]) => {
  const groups = new Map<number, R[]>()
  for (const row of rows) {
    const group = groups.get(row.conversation_id)
    if (group) group.push(row)
    else groups.set(row.conversation_id, [row])
  }
  return groups
}

const inWalkOrder = (a: FactSource, b: FactSource) => a.timestamp - b.timestamp || a.id - b.id

export const SOURCE_COLUMNS = `m.id, m.conversation_id, m.timestamp, m.direction, m.source, m.type,
  m.status, m.origin, m.wamid, m.error_code, m.delivered_at, m.read_at,
  json_extract(m.status_state, '$.pricing.category') AS pricing_category,
  json_extract(m.status_state, '$.pricing.type') AS pricing_type,
  json_extract(m.status_state, '$.pricing.billable') AS pricing_billable,
  CASE WHEN m.type = 'template' THEN json_extract(m.details, '$.template.name') END AS template,
  CASE WHEN m.type = 'template' THEN json_extract(m.details, '$.template.language.code') END
    AS template_language`

/** The last reply before a position (facts.ts isReply, in SQL). */
export const ANCHOR = `SELECT id, timestamp FROM messages
  WHERE conversation_id = +? AND direction = 'out' AND type <> 'reaction'
    AND status NOT IN ('failed', 'cancelled') AND (timestamp, id) < (?, ?)
  ORDER BY timestamp DESC, id DESC LIMIT 1`

/**
 * A message that only moves the walk (an inbound one before the change, whose fact is not kept):
 * what factsOf reads of it, the rest as nulls.
 */
const LEAD_COLUMNS = `m.id, m.conversation_id, m.timestamp, m.direction, m.source, m.type,
  m.status, NULL AS origin, NULL AS wamid, NULL AS error_code, NULL AS delivered_at,
  NULL AS read_at, NULL AS pricing_category, NULL AS pricing_type, NULL AS pricing_billable,
  NULL AS template, NULL AS template_language`

/** Customer messages that await a reply (facts.ts needsReply) and that open a window. */
const AWAITS_REPLY = `m.direction = 'in' AND m.type NOT IN ('reaction', 'system')`
const OPENS_WINDOW = `m.direction = 'in' AND m.type <> 'system'`

/** The first customer message awaiting a reply after the anchor, before the change. */
const RUN_START = `SELECT ${LEAD_COLUMNS} FROM messages m
  WHERE m.conversation_id = +? AND ${AWAITS_REPLY}
    AND (m.timestamp, m.id) > (?, ?) AND (m.timestamp, m.id) < (?, ?)
  ORDER BY m.timestamp, m.id LIMIT 1`
/** The last window-opening customer message before a position. */
const LAST_OPENING = `SELECT ${LEAD_COLUMNS} FROM messages m
  WHERE m.conversation_id = +? AND ${OPENS_WINDOW} AND (m.timestamp, m.id) < (?, ?)
  ORDER BY m.timestamp DESC, m.id DESC LIMIT 1`

interface Position {
  id: number
  timestamp: number
}

/**
 * The state of factsOf's walk just before position `from`, from the messages before it: the
 * messages after the last reply before it can only have opened a run awaiting a reply (its first
 * customer message, R) and moved the customer's last window-opening message (L). So the walk from
 * `from` starts at R with the window-opening time before R, and takes L after it; their own
 * facts, unchanged, are not kept (`lead`). Each read is an index probe, however long the
 * conversation. Positions compare as row values and parameters are `+?` (messaging/sql.ts): as an
 * OR of comparisons, or with a bare `?`, SQLite would compile these statements again on every run.
 */
function walkStart(
  db: Db,
  conversationId: number,
  from: Position,
): { lead: FactSource[]; start: WalkStart } {
  const anchor = prep<[number, number, number], Position>(db, ANCHOR).get(
    conversationId,
    from.timestamp,
    from.id,
  ) ?? { id: 0, timestamp: Number.MIN_SAFE_INTEGER }
  const runStart = prep<[number, number, number, number, number], FactSource>(db, RUN_START).get(
    conversationId,
    anchor.timestamp,
    anchor.id,
    from.timestamp,
    from.id,
  )
  const lastOpening = (before: Position) =>
    prep<[number, number, number], FactSource>(db, LAST_OPENING).get(
      conversationId,
      before.timestamp,
      before.id,
    )
  const last = lastOpening(from)
  if (!runStart) return { lead: [], start: { lastInboundAt: last?.timestamp ?? null } }
  return {
    lead: last && last.id !== runStart.id ? [runStart, last] : [runStart],
    start: { lastInboundAt: lastOpening(runStart)?.timestamp ?? null },
  }
}

/**
 * The marked conversations' messages and facts from their positions on (`[conversation, time, id]`
 * as a JSON array): per mark two index seeks, the rest of the position's time then the later
 * times (compared as one row value, SQLite would read every row of the position's time — thousands
 * in a busy second). CROSS JOIN keeps the marks the outer loop.
 */
const MARKS_PER_READ = 256
const fromMarks = (columns: string, table: string, id: string) => `
  WITH d (conversation_id, from_ms, from_id) AS (
    SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)
  )
  SELECT ${columns} FROM d CROSS JOIN ${table}
    WHERE m.conversation_id = d.conversation_id AND m.timestamp = d.from_ms AND m.${id} >= d.from_id
  UNION ALL
  SELECT ${columns} FROM d CROSS JOIN ${table}
    WHERE m.conversation_id = d.conversation_id AND m.timestamp > d.from_ms`
const MESSAGES_FROM_MARKS = fromMarks(SOURCE_COLUMNS, 'messages m', 'id')
const FACTS_FROM_MARKS = fromMarks('m.*', 'analytics_facts m', 'message_id')

function refreshConversation(
  db: Db,
  deltas: RollupDeltas,
  mark: Mark,
  read: { messages: FactSource[]; facts: Fact[] },
) {
  const conversationId = mark.conversation_id
  if (mark.phone_number_id === null) {
    const gone = prep<[number], Fact>(
      db,
      'DELETE FROM analytics_facts WHERE conversation_id = ? RETURNING *',
    ).all(conversationId)
    for (const fact of gone) deltas.add(fact, -1)
    return
  }
  const { messages } = read
  const from = { timestamp: mark.from_ms, id: mark.from_id }
  // A customer's message counts the same whatever came before it (only replies carry a response
  // time): without an outbound message from the change on, the walk needs no state.
  const { lead, start } = messages.some((m) => m.direction === 'out')
    ? walkStart(db, conversationId, from)
    : { lead: [], start: { lastInboundAt: null } }
  const existing = new Map(read.facts.map((fact) => [fact.message_id, fact]))
  const facts = factsOf(
    [...lead, ...messages],
    { phoneNumberId: mark.phone_number_id, waId: mark.wa_id },
    start,
  ).slice(lead.length)
  for (const fact of facts) {
    const before = existing.get(fact.message_id)
    existing.delete(fact.message_id)
    if (before && FACT_KEYS.every((key) => before[key] === fact[key])) continue
    writeFact(db, deltas, fact, before)
  }
  for (const [id, gone] of existing) {
    prep(db, 'DELETE FROM analytics_facts WHERE message_id = ?').run(id)
    deltas.add(gone, -1)
  }
}

const columns = `(${FACT_KEYS.join(', ')}) VALUES (${FACT_KEYS.map(() => '?').join(', ')})`
const INSERT = `INSERT INTO analytics_facts ${columns} ON CONFLICT (message_id) DO NOTHING`
const UPSERT = `INSERT INTO analytics_facts ${columns}
  ON CONFLICT (message_id) DO UPDATE SET
    ${FACT_KEYS.filter((k) => k !== 'message_id')
      .map((k) => `${k} = excluded.${k}`)
      .join(', ')}`

/**
 * Writes a fact and moves the rollups with it: `before`, the row it replaces (null for a message
 * without one in its conversation — new, or moved here from a merged conversation, whose row is
 * then read to take its contribution off).
 */
function writeFact(db: Db, deltas: RollupDeltas, fact: Fact, before: Fact | undefined) {
  const values = FACT_KEYS.map((key) => fact[key])
  if (!before) {
    if (prep(db, INSERT).run(...values).changes > 0) return deltas.add(fact, 1)
    before = prep<[number], Fact>(db, 'SELECT * FROM analytics_facts WHERE message_id = ?').get(
      fact.message_id,
    )!
  }
  prep(db, UPSERT).run(...values)
  deltas.add(before, -1)
  deltas.add(fact, 1)
}
