import type { Logger } from '../logger'
import type { Db } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { markAllProjected } from '../store/relay-projection'
import { createChangeSet } from './changes'
import { absorbContactFields, linkKeys, type ContactRow } from './contacts'
import { raiseConversation, recomputeConversation, upsertConversation } from './conversations'
import { createIngestor } from './ingest'
import { MESSAGING_APPLIERS, type ManagementApplier } from './ingest-updates'
import { flushSearchIndex } from './search-index'
import { prep } from './sql'

/**
 * Re-derives the messaging tables from `relay_events` (the append-only record of every webhook):
 * after a fix to ingestion, or to check that what was applied event by event equals a replay.
 * What webhooks cannot give back is carried over: rows the outbox sent (same ids, their status
 * re-merged from the replayed statuses) and how far each conversation was read. One transaction:
 * the console sees the old tables or the new ones.
 */

interface Carried {
  phone: string
  display: string | null
  aliases: string[]
  contact: ContactRow
  readUpTo: number | null
}

const aliasesOf = (db: Db, contactId: number) =>
  prep<[number], { key: string }>(
    db,
    'SELECT key FROM contact_aliases WHERE contact_id = ? ORDER BY key',
  )
    .all(contactId)
    .map((row) => row.key)

export interface RebuildReport {
  events: number
  messages: number
  conversations: number
  outboxRowsKept: number
}

export function rebuildMessaging(
  db: Db,
  deps: { log: Logger; appliers?: readonly ManagementApplier[]; batchSize?: number },
): RebuildReport {
  const ingestor = createIngestor({
    db,
    log: deps.log,
    appliers: [...MESSAGING_APPLIERS, ...(deps.appliers ?? [])],
  })
  const events = createRelayEventsRepo(db)
  return db
    .transaction((): RebuildReport => {
      const conversationOf = prep<
        [number],
        {
          phone_number_id: string
          display_phone_number: string | null
          contact_id: number
          read_up_to: number | null
        }
      >(
        db,
        'SELECT phone_number_id, display_phone_number, contact_id, read_up_to FROM conversations WHERE id = ?',
      )
      const contactOf = prep<[number], ContactRow>(db, 'SELECT * FROM contacts WHERE id = ?')
      const carried = (conversationId: number): Carried => {
        const c = conversationOf.get(conversationId)!
        return {
          phone: c.phone_number_id,
          display: c.display_phone_number,
          aliases: aliasesOf(db, c.contact_id),
          contact: contactOf.get(c.contact_id)!,
          readUpTo: c.read_up_to,
        }
      }
      const reads = db
        .prepare<[], { id: number }>('SELECT id FROM conversations WHERE read_up_to IS NOT NULL')
        .all()
        .map((c) => carried(c.id))
      const outbox = db
        .prepare<[], Record<string, unknown> & { conversation_id: number; timestamp: number }>(
          "SELECT * FROM messages WHERE source = 'outbox' ORDER BY id",
        )
        .all()
        .map((row) => ({ row, at: carried(row.conversation_id) }))

      db.exec(`DELETE FROM messages; DELETE FROM conversations; DELETE FROM contact_aliases;
      DELETE FROM contacts; DELETE FROM webhook_updates;`)

      const changes = createChangeSet()
      for (const { row, at } of outbox) {
        const contactId = linkKeys(db, at.aliases, changes)
        absorbContactFields(db, contactId, at.contact)
        const conversationId = upsertConversation(db, at.phone, at.display, contactId, changes)
        const columns = Object.keys(row)
        db.prepare(
          `INSERT INTO messages (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ).run(...columns.map((c) => (c === 'conversation_id' ? conversationId : row[c])))
      }
      let replayed = 0
      const size = deps.batchSize ?? 500
      for (let after = 0; ;) {
        const page = events.page(after, size)
        if (page.length === 0) break
        ingestor.applyBatch(
          page.map((e) => ({ seq: e.seq, receivedAt: e.received_at, body: e.body })),
          changes,
        )
        replayed += page.length
        after = page.at(-1)!.seq
        changes.take()
      }
      for (const read of reads) {
        const alias = prep<[string], { contact_id: number }>(
          db,
          'SELECT contact_id FROM contact_aliases WHERE key = ?',
        ).get(read.aliases[0] ?? '')
        if (!alias || read.readUpTo === null) continue
        const conversation = prep<[string, number], { id: number }>(
          db,
          'SELECT id FROM conversations WHERE phone_number_id = ? AND contact_id = ?',
        ).get(read.phone, alias.contact_id)
        if (conversation) raiseConversation(db, conversation.id, 'read_up_to', read.readUpTo)
      }
      const all = db.prepare<[], { id: number }>('SELECT id FROM conversations').all()
      for (const { id } of all) recomputeConversation(db, id)
      // The outbox rows carried over, when no event was replayed to index them.
      flushSearchIndex(db)
      // Every recorded event is now applied: the live projection continues after the newest.
      markAllProjected(db, 'messaging')
      return {
        events: replayed,
        messages: (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n,
        conversations: all.length,
        outboxRowsKept: outbox.length,
      }
    })
    .immediate()
}
