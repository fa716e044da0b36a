import { appContacts, appHistory } from '../customers/business-app-data'
import { enumParam, invalidParam, missingParam, waError } from '../http/graph-error'
import { numericId } from '../ids'
import { historyEntry, stateSyncEntry } from '../webhooks/coexistence-payloads'
import type { Phone, SmbSyncType } from '../world/types'
import { phoneFor, stringParam, type GraphCall, type GraphContext } from './context'
import { requireMessagingProduct } from './registration'

/**
 * `POST /{phone}/smb_app_data {messaging_product: "whatsapp", sync_type}` — coexistence only: asks
 * Meta to send the WhatsApp Business app's contacts (`smb_app_state_sync`) or chat history
 * (`history`) as webhooks
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users).
 * → `{messaging_product: "whatsapp", request_id}`. Each sync type works once (2593107 after) and
 * only within 24 hours of onboarding (2593108). The webhooks are queued at once (Meta sends them
 * "in the following minutes"); they reach the app only once it subscribed to the WABA.
 */
export const SMB_SYNC_TYPES = [
  'smb_app_state_sync',
  'history',
] as const satisfies readonly SmbSyncType[]

const WINDOW_MS = 24 * 3600_000

export function requestSmbAppData(call: GraphCall, ctx: GraphContext): unknown {
  const phone = phoneFor(call, ctx)
  requireMessagingProduct(call.params)
  const syncType = stringParam(call.params, 'sync_type')
  if (syncType === undefined) throw missingParam('sync_type')
  if (!(SMB_SYNC_TYPES as readonly string[]).includes(syncType)) {
    throw enumParam('sync_type', SMB_SYNC_TYPES, syncType)
  }
  const type = syncType as SmbSyncType
  // Meta documents no error for a number that is not on the business app; this wording is ours.
  if (!phone.coexistence) {
    throw invalidParam(
      'This phone number is not on the WhatsApp Business app (coexistence); there is no app data to sync.',
    )
  }
  if (phone.smb_sync?.[type]) {
    throw waError(
      2593107,
      `The ${type} sync was already requested for this phone number. To sync again, the business must offboard and complete Embedded Signup again.`,
    )
  }
  const now = ctx.world.clock.now()
  if (now - phone.onboarded_at > WINDOW_MS) {
    throw waError(
      2593108,
      'Synchronization request can only be made within 24 hours of onboarding.',
    )
  }
  const request = { request_id: numericId(16), requested_at: now }
  phone.smb_sync = { ...phone.smb_sync, [type]: request }
  emitSync(ctx, phone, type)
  return { messaging_product: 'whatsapp', request_id: request.request_id }
}

function emitSync(ctx: GraphContext, phone: Phone, type: SmbSyncType): void {
  const ref = { displayPhoneNumber: phone.display_phone_number, phoneNumberId: phone.id }
  const target = { wabaId: phone.waba_id, phoneId: phone.id }
  if (type === 'smb_app_state_sync') {
    const entry = stateSyncEntry(phone.waba_id, ref, appContacts(), ctx.world.clock.unixSeconds())
    ctx.emitter.emit(entry, target)
    return
  }
  for (const chunk of appHistory(phone)) {
    ctx.emitter.emit(historyEntry(phone.waba_id, ref, chunk), target)
  }
}
