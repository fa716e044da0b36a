import type { MessageLifecycle, WebhookEmitter } from '../ports'
import type { Handshake } from '../wiring/handshake'
import type { Multipart } from '../http/multipart'
import { unsupportedRequest } from '../http/graph-error'
import { canAccessWaba, type Principal } from '../world/tokens'
import type { Limits } from '../world/limits'
import type { Phone, Waba } from '../world/types'
import type { ObjectKind, World } from '../world/world'

export type GraphMethod = 'GET' | 'POST' | 'DELETE'

/** Endpoint names used by fault injection (`POST /_sandbox/faults {endpoints}`) and stats. */
export const endpointNames = [
  'oauth',
  'debug_token',
  'business',
  'extendedcredits',
  'client_wabas',
  'subscribed_apps',
  'credit_sharing',
  'allocation',
  'waba',
  'phone_numbers',
  'register',
  'deregister',
  'smb_app_data',
  'messages',
  'media',
  'media_download',
  'templates',
] as const
export type EndpointName = (typeof endpointNames)[number]

export interface SandboxCounters {
  graph_requests: number
  messages_accepted: number
  messages_rejected: number
  faults_injected: number
  /** Media uploads being read right now (at most MAX_CONCURRENT_UPLOADS). */
  uploads_in_progress: number
}

export interface GraphContext {
  world: World
  limits: Limits
  emitter: WebhookEmitter
  lifecycle: MessageLifecycle
  handshake: Handshake
  counters: SandboxCounters
}

export interface GraphCall {
  method: GraphMethod
  /** The object id from the path ('' for id-less routes such as /debug_token). */
  id: string
  kind: ObjectKind | undefined
  edge: string
  params: Record<string, unknown>
  principal: Principal
  multipart: Multipart | null
  /** The full request URL (for paging links and media URLs). */
  url: URL
}

export type GraphHandler = (call: GraphCall, ctx: GraphContext) => unknown

export interface GraphRoute {
  endpoint: EndpointName
  handler: GraphHandler
}

const lower = (method: GraphMethod) => method.toLowerCase() as 'get' | 'post' | 'delete'

/** The WABA at the path, if the caller may see it; otherwise Graph's "unsupported request". */
export function wabaFor(call: GraphCall, ctx: GraphContext): Waba {
  const waba = ctx.world.wabas.get(call.id)
  if (!waba || !canAccessWaba(ctx.world, call.principal, waba.id)) {
    throw unsupportedRequest(lower(call.method), call.id)
  }
  return waba
}

export function phoneFor(call: GraphCall, ctx: GraphContext): Phone {
  const phone = ctx.world.phones.get(call.id)
  if (!phone || !canAccessWaba(ctx.world, call.principal, phone.waba_id)) {
    throw unsupportedRequest(lower(call.method), call.id)
  }
  return phone
}

export function denyUnless(allowed: boolean, call: GraphCall): void {
  if (!allowed) throw unsupportedRequest(lower(call.method), call.id)
}

export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name]
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return undefined
}

export const success = { success: true } as const
