import { accessToken } from '../ids'
import { GraphError } from '../http/graph-error'
import type { BisuUser, Token } from './types'
import { partnerWabaIds, type World } from './world'

/**
 * Who is calling. Solution Partners hold one system user token (credit sharing) and a business
 * token per client (everything else); the app token `app_id|app_secret` only inspects tokens
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/access-tokens).
 */
export type Principal =
  | { kind: 'system_user'; token: string }
  | { kind: 'business'; token: Token; user: BisuUser }
  | { kind: 'app' }

const SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging', 'public_profile']

const www = (error: string, description: string) => ({
  'WWW-Authenticate': `OAuth "Facebook Platform" "${error}" "${description}"`,
})

/** Meta words expiry in Pacific time: "Tuesday, 18-Jun-24 05:00:00 PDT". */
function metaDate(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    weekday: 'long',
    day: '2-digit',
    month: 'short',
    year: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(ms))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return (
    `${part('weekday')}, ${part('day')}-${part('month')}-${part('year')} ` +
    `${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`
  )
}

export function invalidTokenError(): GraphError {
  const message = 'Invalid OAuth access token - Cannot parse access token'
  return new GraphError(190, { message, headers: www('invalid_token', message) })
}

/** Why a known token no longer works, as Meta words it (190 + subcode), or null if it works. */
export function tokenProblem(world: World, token: Token): GraphError | null {
  const now = world.clock.now()
  if (token.revoked) {
    const message =
      'Error validating access token: The session has been invalidated because the user ' +
      'changed their password or Facebook has changed the session for security reasons.'
    return new GraphError(190, { message, subcode: 460, headers: www('invalid_token', message) })
  }
  if (token.expires_at !== null && token.expires_at <= now)
    return expiredTokenError(world, token.expires_at)
  return null
}

export function expiredTokenError(world: World, expiredAt: number): GraphError {
  const message =
    `Error validating access token: Session has expired on ${metaDate(expiredAt)}. ` +
    `The current time is ${metaDate(world.clock.now())}.`
  return new GraphError(190, { message, subcode: 463, headers: www('invalid_token', message) })
}

/** Resolves a bearer credential to a principal, or throws Meta's 104/190 errors. */
export function authenticate(world: World, raw: string | null): Principal {
  if (raw === null || raw === '') {
    throw new GraphError(104, {
      message: 'An access token is required to request this resource.',
      http: 400,
    })
  }
  const config = world.config
  if (raw === config.system_user_token) return { kind: 'system_user', token: raw }
  const bar = raw.indexOf('|')
  if (bar > 0) {
    if (raw.slice(0, bar) === config.app_id && raw.slice(bar + 1) === config.app_secret) {
      return { kind: 'app' }
    }
    throw new GraphError(190, { message: 'Invalid OAuth access token signature.' })
  }
  const token = world.tokens.get(raw)
  if (!token) throw invalidTokenError()
  const problem = tokenProblem(world, token)
  if (problem) throw problem
  const user = world.users.get(token.user_id)
  if (!user) throw invalidTokenError()
  return { kind: 'business', token, user }
}

export function canAccessWaba(world: World, principal: Principal, wabaId: string): boolean {
  if (!world.wabas.has(wabaId)) return false
  if (principal.kind === 'system_user') return true
  if (principal.kind === 'business') return principal.user.waba_ids.includes(wabaId)
  return false
}

export function issueBusinessToken(world: World, userId: string): Token {
  const now = world.clock.now()
  const ttl = world.config.token_expires_in
  const token: Token = {
    value: accessToken(),
    kind: 'business',
    user_id: userId,
    issued_at: now,
    expires_at: ttl === null ? null : now + ttl * 1000,
    revoked: false,
  }
  world.tokens.set(token.value, token)
  return token
}

const seconds = (ms: number | null) => (ms === null ? 0 : Math.floor(ms / 1000))

/** `GET /debug_token` data for any input token (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-accounts). */
export function debugTokenData(world: World, input: string): Record<string, unknown> {
  const config = world.config
  const base = { app_id: config.app_id, type: 'SYSTEM_USER', application: config.app_name }
  const scoped = (wabaIds: string[], extra: { scope: string; target_ids: string[] }[] = []) => [
    ...extra,
    { scope: 'whatsapp_business_management', target_ids: wabaIds },
    { scope: 'whatsapp_business_messaging', target_ids: wabaIds },
  ]
  if (input === config.system_user_token) {
    return {
      ...base,
      data_access_expires_at: 0,
      expires_at: 0,
      is_valid: true,
      scopes: ['business_management', ...SCOPES],
      granular_scopes: scoped(partnerWabaIds(world), [
        { scope: 'business_management', target_ids: [config.business_id] },
      ]),
      user_id: world.systemUserId,
    }
  }
  const token = world.tokens.get(input)
  const user = token && world.users.get(token.user_id)
  if (!token || !user) {
    return {
      error: { code: 190, message: 'Invalid OAuth access token.' },
      is_valid: false,
      scopes: [],
    }
  }
  const problem = tokenProblem(world, token)
  const data: Record<string, unknown> = {
    ...base,
    data_access_expires_at: seconds(token.expires_at),
    expires_at: seconds(token.expires_at),
    is_valid: problem === null,
    issued_at: seconds(token.issued_at),
    scopes: SCOPES,
    granular_scopes: scoped([...user.waba_ids]),
    user_id: user.id,
  }
  if (problem) {
    data.error = { code: 190, message: problem.message, subcode: problem.options.subcode }
  }
  return data
}
