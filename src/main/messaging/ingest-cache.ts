import type { ContactRow } from './contacts'

/**
 * What one ingest batch read or wrote of contacts and conversations, so the next update of the
 * same customer (a catch-up batch is often hundreds of messages from one) reads nothing again:
 * alias → contact, contact rows (the shown fields and their Meta times, changed in memory and
 * written once by contacts.ts writeCachedContacts), and (number, contact) → conversation.
 *
 * Valid while only this batch writes those rows: a merge of contacts or conversations writes the
 * cached contacts out and starts over (contacts.ts mergeContacts), and a batch whose update fails
 * is rolled back and applied again update by update, each with a cache of its own (ingest.ts).
 */
export interface IngestCache {
  aliases: Map<string, number>
  contacts: Map<number, ContactRow>
  /** Contacts changed in memory since the last write. */
  changed: Set<number>
  /** `${phone_number_id}\u0000${contact_id}` → the conversation. */
  conversations: Map<string, { id: number; display_phone_number: string | null }>
}

export function createIngestCache(): IngestCache {
  return { aliases: new Map(), contacts: new Map(), changed: new Set(), conversations: new Map() }
}

export const conversationKey = (phoneNumberId: string, contactId: number) =>
  `${phoneNumberId}\u0000${contactId}`
