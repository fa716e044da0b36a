import type { WebhookEmitter } from '../ports'
import type { WebhookEntryInput } from '../webhooks/payloads'
import type { World } from '../world/world'

/**
 * Where Meta sends a change (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override):
 * - nothing reaches an app for a WABA it has not subscribed to with `/{waba}/subscribed_apps`,
 *   except `account_update` — PARTNER_ADDED fires when Embedded Signup completes, before the
 *   partner has subscribed (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-webhooks);
 * - override-capable fields (`messages`, `smb_message_echoes`, …) go to the phone's override, else
 *   the WABA's override, else the app's callback URL;
 * - template and account-level fields always go to the app's callback URL.
 */
const OVERRIDABLE = new Set([
  'messages',
  'message_echoes',
  'calls',
  'smb_message_echoes',
  'smb_app_state_sync',
  'history',
  'account_settings_update',
])

export function webhookTarget(
  world: World,
  field: string,
  wabaId: string | null,
  phoneId?: string,
): string | null {
  const appUrl = world.config.callback_url
  const waba = wabaId === null ? undefined : world.wabas.get(wabaId)
  const subscription = waba?.subscriptions.get(world.config.app_id)
  if (!subscription) return field === 'account_update' ? appUrl : null
  if (OVERRIDABLE.has(field)) {
    const phone = phoneId === undefined ? undefined : world.phones.get(phoneId)
    const override =
      phone?.webhook_override?.override_callback_uri ?? subscription.override?.override_callback_uri
    if (override) return override
  }
  return appUrl
}

export interface EmitterCounters {
  emitted: number
  /** Changes nobody would receive (WABA not subscribed, or no callback URL configured). */
  dropped: number
}

export function createEmitter(
  world: World,
  enqueue: (entry: WebhookEntryInput) => void,
): WebhookEmitter & { counters: EmitterCounters } {
  const counters: EmitterCounters = { emitted: 0, dropped: 0 }
  return {
    counters,
    emit(entry, target) {
      const url = webhookTarget(world, entry.field, target.wabaId, target.phoneId)
      if (url === null) {
        counters.dropped++
        return null
      }
      counters.emitted++
      enqueue({ ...entry, url })
      return url
    },
  }
}
