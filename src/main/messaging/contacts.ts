import { contactKeys, identityLinks } from '@shared/whatsapp/identity'
import type { InboundMessageUpdate, UserRef } from '@shared/whatsapp/normalise'
import type { Db } from '../store/database'
import type { ChangeSet } from './changes'
import { mergeConversations } from './conversations'
import type { IngestCache } from './ingest-cache'
import { prep } from './sql'

/**
 * Contacts and their aliases (docs/messaging.md "Identity"): every key identity.ts gives for a
 * user names one contact; when an event names keys of two contacts, they were one user all along
 * and are merged (aliases, conversations and messages move to the older contact), so the result
 * does not depend on the order events arrive in.
 *
 * Ingestion passes its batch's cache (ingest-cache.ts): aliases and contact rows are read once per
 * batch, and a contact's shown fields are changed in memory and written once at the end of the
 * batch (writeCachedContacts). Without a cache (the outbox, a rebuild) every change is written at
 * once.
 */

export interface ContactRow {
  id: number
  wa_id: string | null
  wa_id_at: number | null
  user_id: string | null
  user_id_at: number | null
  parent_user_id: string | null
  profile_name: string | null
  profile_name_at: number | null
  username: string | null
  username_at: number | null
}

/** A user as an event names them, at Meta's time of the event. */
export interface ContactSighting {
  ref: Pick<UserRef, 'waId' | 'userId' | 'parentUserId'> &
    Partial<Pick<UserRef, 'profileName' | 'username'>>
  atMs: number
}

/** Fields whose shown value is the one from the newest event (ties: the smaller value). */
const TIMED = [
  ['wa_id', 'waId'],
  ['user_id', 'userId'],
  ['profile_name', 'profileName'],
  ['username', 'username'],
] as const

const newer = (atMs: number, value: string, oldAt: number | null, old: string | null) =>
  old === null || oldAt === null || atMs > oldAt || (atMs === oldAt && value < old)

const aliasesOf = (db: Db, key: string) =>
  prep<[string], { contact_id: number; retired_at: number | null }>(
    db,
    'SELECT contact_id, retired_at FROM contact_aliases WHERE key = ?',
  ).get(key)

/**
 * The contact an event's user is, created or linked as needed; null when the event names nobody.
 * Every alias matches, retired ones too: contacts are the connected components of "named
 * together", which is the same whatever order Meta's webhooks arrive in (a late event naming only
 * an old number cannot be told apart from one about a reassigned number).
 */
export function resolveContact(
  db: Db,
  sighting: ContactSighting,
  changes: ChangeSet,
  cache?: IngestCache,
): number | null {
  const keys = contactKeys(sighting.ref)
  if (!keys) return null
  const id = linkKeys(db, keys.aliases, changes, cache)
  noteSighting(db, id, sighting, cache)
  return id
}

const NEW_CONTACT: Omit<ContactRow, 'id'> = {
  wa_id: null,
  wa_id_at: null,
  user_id: null,
  user_id_at: null,
  parent_user_id: null,
  profile_name: null,
  profile_name_at: null,
  username: null,
  username_at: null,
}

/** The one contact all `keys` name: created, or the contacts they name merged into the oldest. */
export function linkKeys(
  db: Db,
  keys: readonly string[],
  changes: ChangeSet,
  cache?: IngestCache,
): number {
  const found = new Set<number>()
  const unknown: string[] = []
  for (const key of keys) {
    const contactId = cache?.aliases.get(key) ?? aliasesOf(db, key)?.contact_id
    if (contactId === undefined) unknown.push(key)
    else {
      found.add(contactId)
      cache?.aliases.set(key, contactId)
    }
  }
  let id: number
  if (found.size === 0) {
    const now = Date.now()
    id = Number(
      prep(db, 'INSERT INTO contacts (created_at, updated_at) VALUES (?, ?)').run(now, now)
        .lastInsertRowid,
    )
    cache?.contacts.set(id, { id, ...NEW_CONTACT })
  } else {
    const [first, ...others] = [...found].sort((a, b) => a - b)
    id = first!
    for (const other of others) mergeContacts(db, id, other, changes, cache)
  }
  // Known keys already name `id` (merged ones were moved to it).
  const insert = prep(
    db,
    'INSERT INTO contact_aliases (key, contact_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  )
  for (const key of unknown) {
    insert.run(key, id)
    cache?.aliases.set(key, id)
  }
  return id
}

const readContact = (db: Db, id: number) =>
  prep<[number], ContactRow>(db, 'SELECT * FROM contacts WHERE id = ?').get(id)!

/**
 * Keeps the newest wa_id, BSUID, profile name and username reported for the contact: written at
 * once, or into the batch's cached row (written by writeCachedContacts).
 */
function noteSighting(db: Db, id: number, { ref, atMs }: ContactSighting, cache?: IngestCache) {
  let row = cache?.contacts.get(id)
  if (!row) {
    row = readContact(db, id)
    cache?.contacts.set(id, row)
  }
  const changed: Partial<ContactRow> = {}
  for (const [column, field] of TIMED) {
    const value = ref[field]
    if (value && newer(atMs, value, row[`${column}_at`], row[column])) {
      changed[column] = value
      changed[`${column}_at`] = atMs
    }
  }
  // Linked portfolios: the smallest parent id seen, whatever the order.
  if (ref.parentUserId && (row.parent_user_id === null || ref.parentUserId < row.parent_user_id))
    changed.parent_user_id = ref.parentUserId
  const columns = Object.keys(changed) as (keyof ContactRow)[]
  if (columns.length === 0) return
  if (cache) {
    Object.assign(row, changed)
    cache.changed.add(id)
    return
  }
  prep(
    db,
    `UPDATE contacts SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
  ).run(...columns.map((c) => changed[c]), Date.now(), id)
}

const WRITTEN = [
  'wa_id',
  'wa_id_at',
  'user_id',
  'user_id_at',
  'parent_user_id',
  'profile_name',
  'profile_name_at',
  'username',
  'username_at',
] as const satisfies readonly (keyof ContactRow)[]

/** Writes the contacts the batch changed in its cache, then empties the cache. */
export function writeCachedContacts(db: Db, cache: IngestCache) {
  const update = prep(
    db,
    `UPDATE contacts SET ${WRITTEN.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
  )
  for (const id of cache.changed) {
    const row = cache.contacts.get(id)!
    update.run(...WRITTEN.map((c) => row[c]), Date.now(), id)
  }
  cache.changed.clear()
  cache.contacts.clear()
  cache.aliases.clear()
  cache.conversations.clear()
}

/** The shown fields of `row` (another contact, or one saved before a rebuild) offered to `id`. */
export function absorbContactFields(db: Db, id: number, row: Omit<ContactRow, 'id'>) {
  for (const [column, field] of TIMED) {
    const value = row[column]
    const at = row[`${column}_at`]
    if (value !== null && at !== null)
      noteSighting(db, id, { ref: { [field]: value }, atMs: at } as ContactSighting)
  }
  if (row.parent_user_id)
    noteSighting(db, id, {
      ref: { parentUserId: row.parent_user_id } as ContactSighting['ref'],
      atMs: 0,
    })
}

/**
 * Moves everything of contact `loser` into `winner` and deletes it. Rare: a batch's cached rows are
 * written first and the cache starts over.
 */
function mergeContacts(
  db: Db,
  winner: number,
  loser: number,
  changes: ChangeSet,
  cache?: IngestCache,
) {
  if (cache) writeCachedContacts(db, cache)
  const lost = prep<[number], ContactRow>(db, 'SELECT * FROM contacts WHERE id = ?').get(loser)
  if (!lost) return
  prep(db, 'UPDATE contact_aliases SET contact_id = ? WHERE contact_id = ?').run(winner, loser)
  const conversations = prep<[number], { id: number; phone_number_id: string }>(
    db,
    'SELECT id, phone_number_id FROM conversations WHERE contact_id = ?',
  ).all(loser)
  for (const conversation of conversations) {
    const target = prep<[string, number], { id: number }>(
      db,
      'SELECT id FROM conversations WHERE phone_number_id = ? AND contact_id = ?',
    ).get(conversation.phone_number_id, winner)
    if (target) mergeConversations(db, target.id, conversation.id, changes)
    else {
      prep(db, 'UPDATE conversations SET contact_id = ? WHERE id = ?').run(winner, conversation.id)
      changes.touch(conversation.id)
    }
  }
  absorbContactFields(db, winner, lost)
  prep(db, 'DELETE FROM contacts WHERE id = ?').run(loser)
}

/**
 * A number or user-id change (identity.ts identityLinks): the new keys join the contact found by
 * the old ones, the contact's shown ids become the new ones (the newest sighting wins), and the
 * old keys not among the new are marked retired at Meta's time of the change — shown as history,
 * never used to send. Returns the contact (null: not a change message).
 */
export function applyIdentityChange(
  db: Db,
  message: InboundMessageUpdate,
  atMs: number,
  changes: ChangeSet,
  cache?: IngestCache,
): number | null {
  const link = identityLinks(message)
  const system = message.system
  if (!link || !system) return null
  const before: ContactSighting['ref'] =
    link.reason === 'user_changed_user_id'
      ? { waId: null, userId: system.previousUserId ?? message.from.userId, parentUserId: null }
      : message.from
  // The old ids as of just before the change, the new ones from it: the new ones are shown.
  const oldId = resolveContact(db, { ref: before, atMs: atMs - 1 }, changes, cache)
  const after = {
    waId: system.newWaId,
    userId: system.newUserId,
    parentUserId: system.newParentUserId,
  }
  const newId = resolveContact(db, { ref: after, atMs }, changes, cache)
  if (oldId === null || newId === null) return newId ?? oldId
  const id = Math.min(oldId, newId)
  if (oldId !== newId) mergeContacts(db, id, Math.max(oldId, newId), changes, cache)
  const retire = prep(
    db,
    'UPDATE contact_aliases SET retired_at = ? WHERE key = ? AND (retired_at IS NULL OR retired_at > ?)',
  )
  for (const key of link.from.aliases)
    if (!link.to.aliases.includes(key)) retire.run(atMs, key, atMs)
  return id
}
