import { GraphError, missingParam } from '../http/graph-error'
import { handshakeFailureMessage } from '../wiring/handshake'
import type { WebhookOverride } from '../world/types'
import { stringParam, success, wabaFor, type GraphCall, type GraphContext } from './context'

/**
 * `/{waba}/subscribed_apps` (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-webhooks, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override). Subscribing is what makes Meta
 * deliver a WABA's webhooks to the app; an override redirects override-capable fields.
 */

/** The real text Meta answers when an override comes before a plain subscription (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override, chatwoot#12488). */
export const OVERRIDE_BEFORE_SUBSCRIBE =
  '(#100) Before override the current callback uri, your app must be subscribed to receive ' +
  'messages for WhatsApp Business Account'

export function listSubscribedApps(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  const config = ctx.world.config
  const data = [...waba.subscriptions.values()].map((subscription) => {
    const row: Record<string, unknown> = {
      whatsapp_business_api_data: {
        id: subscription.app_id,
        link: `https://www.facebook.com/games/?app_id=${subscription.app_id}`,
        name: subscription.app_id === config.app_id ? config.app_name : 'App',
      },
    }
    if (subscription.override)
      row.override_callback_uri = subscription.override.override_callback_uri
    return row
  })
  return { data }
}

/**
 * Reads `{override_callback_uri, verify_token}` from a body; both or neither. Shared with
 * `POST /{phone} {webhook_configuration}`.
 */
export function overrideOf(
  source: Record<string, unknown>,
  name: (field: string) => string = (field) => field,
): { uri: string; verifyToken: string } | null {
  const uri = stringParam(source, 'override_callback_uri')
  if (uri === undefined) return null
  const verifyToken = stringParam(source, 'verify_token')
  if (uri !== '' && !verifyToken) throw missingParam(name('verify_token'))
  if (uri !== '') {
    let parsed: URL | null
    try {
      parsed = new URL(uri)
    } catch {
      parsed = null
    }
    // Meta requires HTTPS; the sandbox also takes http so local receivers work (a deviation).
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      throw new GraphError(100, {
        message: `(#100) Param ${name('override_callback_uri')} must be a valid URL`,
      })
    }
  }
  return { uri, verifyToken: verifyToken ?? '' }
}

/** Runs Meta's GET handshake against an override URL; throws Meta's #2200 when it fails. */
export async function verifiedOverride(
  ctx: GraphContext,
  uri: string,
  verifyToken: string,
): Promise<WebhookOverride> {
  const result = await ctx.handshake(uri, verifyToken)
  if (!result.ok)
    throw new GraphError(2200, { message: handshakeFailureMessage(result), http: 400 })
  return { override_callback_uri: uri, verify_token: verifyToken }
}

export async function subscribeApp(call: GraphCall, ctx: GraphContext): Promise<unknown> {
  const waba = wabaFor(call, ctx)
  const appId = ctx.world.config.app_id
  const existing = waba.subscriptions.get(appId)
  const requested = overrideOf(call.params)
  if (requested && requested.uri !== '' && !existing)
    throw new GraphError(100, { message: OVERRIDE_BEFORE_SUBSCRIBE })
  const override =
    requested && requested.uri !== ''
      ? await verifiedOverride(ctx, requested.uri, requested.verifyToken)
      : null
  // A plain POST (or an empty override_callback_uri) goes back to the app's own callback (OVR).
  waba.subscriptions.set(appId, {
    app_id: appId,
    subscribed_at: existing?.subscribed_at ?? ctx.world.clock.now(),
    override,
  })
  return success
}

export function unsubscribeApp(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  waba.subscriptions.delete(ctx.world.config.app_id)
  return success
}
