import type { Db } from '../store/database'

/**
 * The messaging tables' content without what depends on arrival order by construction (row ids,
 * the relay event that first carried a row, local clocks): what "the same final state" means.
 * Messages by wamid, conversations and contacts by their business number and the contact's keys.
 */
export function messagingSnapshot(db: Db) {
  const aliasesOf = (contactId: number) =>
    db
      .prepare<[number], { key: string; retired_at: number | null }>(
        'SELECT key, retired_at FROM contact_aliases WHERE contact_id = ? ORDER BY key',
      )
      .all(contactId)
      .map((a) => (a.retired_at === null ? a.key : `${a.key}@${a.retired_at}`))
  const contactKey = (contactId: number) => aliasesOf(contactId).join('|')
  const contacts = db
    .prepare<[], Record<string, unknown> & { id: number }>('SELECT * FROM contacts')
    .all()
    .map(({ id, created_at: _c, updated_at: _u, ...rest }) => ({ key: contactKey(id), ...rest }))
    .sort((a, b) => a.key.localeCompare(b.key))
  const conversationKey = new Map<number, string>()
  const conversations = db
    .prepare<
      [],
      Record<string, unknown> & { id: number; contact_id: number; phone_number_id: string }
    >('SELECT * FROM conversations')
    .all()
    .map(({ id, contact_id, created_at: _c, updated_at: _u, last_message_id, ...rest }) => {
      const key = `${rest.phone_number_id}/${contactKey(contact_id)}`
      conversationKey.set(id, key)
      const last = db
        .prepare<[unknown], { wamid: string | null }>('SELECT wamid FROM messages WHERE id = ?')
        .get(last_message_id)
      return { key, ...rest, last_message: last?.wamid ?? null }
    })
    .sort((a, b) => a.key.localeCompare(b.key))
  const messages = db
    .prepare<[], Record<string, unknown> & { conversation_id: number; wamid: string }>(
      'SELECT * FROM messages ORDER BY wamid',
    )
    .all()
    .map(({ id: _i, conversation_id, created_at: _c, updated_at: _u, event_seq: _e, ...rest }) => ({
      conversation: conversationKey.get(conversation_id),
      ...rest,
    }))
  const updates = db
    .prepare<[], Record<string, unknown>>(
      `SELECT fingerprint, kind, field, waba_id, phone_number_id, summary, reason, applied, raw, at
       FROM webhook_updates ORDER BY fingerprint`,
    )
    .all()
  return { contacts, conversations, messages, updates }
}
