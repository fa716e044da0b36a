import { messagesValue, type PhoneRef, type WebhookEntryInput } from './payloads'

/**
 * Builders for the webhooks of a coexistence number (a WhatsApp Business app number onboarded
 * through Embedded Signup), sent after the partner asks for them with `POST /{phone}/smb_app_data`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users):
 *   stateSyncEntry(wabaId, phone, contacts, timestamp)   field 'smb_app_state_sync'
 *   historyEntry(wabaId, phone, chunk)                   field 'history'
 */

/** A contact of the business app's address book (`state_sync[].contact`). */
export interface AppContact {
  full_name: string
  first_name: string
  phone_number: string
}

/**
 * `smb_app_state_sync`: one `state_sync` item per contact, `action: add`, with the time the
 * webhook was triggered (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_app_state_sync).
 */
export function stateSyncEntry(
  wabaId: string,
  phone: PhoneRef,
  contacts: readonly AppContact[],
  timestamp: string,
): WebhookEntryInput {
  const value = {
    ...messagesValue(phone, {}),
    state_sync: contacts.map((contact) => ({
      type: 'contact',
      contact,
      action: 'add',
      metadata: { timestamp },
    })),
  }
  return { wabaId, field: 'smb_app_state_sync', value }
}

/** One message of a history thread: `from` the business or the user, `to` only on echoes. */
export interface HistoryMessage {
  from: string
  to?: string
  id: string
  /** Unix seconds as a string (device time). */
  timestamp: string
  type: string
  [content: string]: unknown
  history_context: { status: 'DELIVERED' | 'ERROR' | 'PENDING' | 'PLAYED' | 'READ' | 'SENT' }
}

export interface HistoryChunk {
  /** 0: day 0–1 before onboarding, 1: day 1–90, 2: day 90–180. */
  phase: 0 | 1 | 2
  chunk_order: number
  /** Overall progress, 0–100 (100: the sync is complete). */
  progress: number
  /** Threads by WhatsApp user (`id` = the user's number). */
  threads: { id: string; messages: HistoryMessage[] }[]
}

/**
 * `history`: one chunk of the business app's chat history (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/history).
 */
export function historyEntry(
  wabaId: string,
  phone: PhoneRef,
  chunk: HistoryChunk,
): WebhookEntryInput {
  const value = {
    ...messagesValue(phone, {}),
    history: [
      {
        metadata: {
          phase: chunk.phase,
          chunk_order: chunk.chunk_order,
          progress: chunk.progress,
        },
        threads: chunk.threads,
      },
    ],
  }
  return { wabaId, field: 'history', value }
}
