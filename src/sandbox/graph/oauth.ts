import { GraphError } from '../http/graph-error'
import { debugTokenData, issueBusinessToken } from '../world/tokens'
import type { World } from '../world/world'
import { stringParam, type GraphCall, type GraphContext } from './context'

/** Codes from FB.login live 30 seconds (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). */
export const AUTH_CODE_TTL_MS = 30_000

const oauthError = (code: number, message: string, subcode?: number) =>
  new GraphError(code, { message, http: 400, ...(subcode === undefined ? {} : { subcode }) })

/**
 * `GET /oauth/access_token?client_id&client_secret&code` → the business token (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner).
 * Error texts are Graph's own; the subcodes (36007 expired, 36009 used) are those seen in the wild
 * and are UNCONFIRMED in Meta's docs.
 */
export function exchangeCode(
  world: World,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const config = world.config
  const clientId = stringParam(params, 'client_id')
  const clientSecret = stringParam(params, 'client_secret')
  if (!clientId) throw oauthError(101, 'Missing client_id parameter.')
  if (clientId !== config.app_id) {
    throw oauthError(101, 'Error validating application. Invalid application ID.')
  }
  if (!clientSecret) throw oauthError(1, 'Missing client_secret parameter.')
  if (clientSecret !== config.app_secret) throw oauthError(1, 'Error validating client secret.')
  if (stringParam(params, 'grant_type') === 'client_credentials') {
    // The app access token, as Graph returns it for the client-credentials grant.
    return { access_token: `${config.app_id}|${config.app_secret}`, token_type: 'bearer' }
  }
  const code = stringParam(params, 'code')
  if (!code) throw oauthError(1, 'Missing authorization code')
  const grant = world.codes.get(code)
  if (!grant) throw oauthError(100, 'Invalid verification code format.')
  if (grant.used) throw oauthError(100, 'This authorization code has been used.', 36009)
  if (world.clock.now() - grant.created_at > AUTH_CODE_TTL_MS) {
    throw oauthError(100, 'This authorization code has expired.', 36007)
  }
  grant.used = true
  const token = issueBusinessToken(world, grant.user_id)
  const body: Record<string, unknown> = { access_token: token.value, token_type: 'bearer' }
  if (token.expires_at !== null) {
    body.expires_in = Math.round((token.expires_at - token.issued_at) / 1000)
  }
  return body
}

/**
 * `GET /debug_token?input_token=` — callable with the app token, the system user token, or any
 * valid token of this app (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-accounts: newest WABA first in target_ids).
 */
export function debugToken(call: GraphCall, ctx: GraphContext): unknown {
  const input = stringParam(call.params, 'input_token')
  if (!input) throw new GraphError(100, { message: '(#100) The parameter input_token is required' })
  return { data: debugTokenData(ctx.world, input) }
}
