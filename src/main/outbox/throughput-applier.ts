import { UPGRADED_MPS } from '@shared/whatsapp/rate-model'
import type { ManagementApplier } from '../messaging/ingest-updates'
import { prep } from '../messaging/sql'

/**
 * Meta lifts a number to 1,000 messages per second on its own and says so with a
 * `phone_number_quality_update` whose event is THROUGHPUT_UPGRADE
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput): the
 * outbox's setting for that client's number follows, inside the ingest transaction. The number
 * is found by its WABA and display number (the webhook names no phone number id).
 */
export const applyThroughputUpgrade: ManagementApplier = (db, update) => {
  if (update.kind !== 'phone_quality' || update.event !== 'THROUGHPUT_UPGRADE') return false
  const wabaId = update.wabaId ?? update.at.entryId
  const digits = update.displayPhoneNumber?.replace(/\D/g, '') ?? null
  if (!wabaId) return false
  const client = prep<[string, string | null, string | null], { phone_number_id: string }>(
    db,
    `SELECT phone_number_id FROM clients WHERE waba_id = ? AND phone_number_id IS NOT NULL
       AND (? IS NULL OR display_phone_number IS NULL
            OR replace(replace(replace(replace(display_phone_number, '+', ''), ' ', ''), '-', ''),
                       '.', '') = ?)`,
  ).get(wabaId, digits, digits)
  if (!client) return false
  prep(
    db,
    `INSERT INTO outbox_throughput (phone_number_id, mps, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (phone_number_id) DO UPDATE SET mps = max(mps, excluded.mps),
         updated_at = excluded.updated_at`,
  ).run(client.phone_number_id, UPGRADED_MPS, Date.now())
  return true
}
