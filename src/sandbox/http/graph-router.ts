import type { IncomingMessage, ServerResponse } from 'node:http'
import { fbtraceId } from '../ids'
import type {
  EndpointName,
  GraphCall,
  GraphContext,
  GraphMethod,
  GraphRoute,
} from '../graph/context'
import { DOWNLOAD_PATH, downloadMedia } from '../graph/media'
import { debugToken, exchangeCode } from '../graph/oauth'
import { findRoute, NODE_TYPES } from '../graph/routes'
import { faultError, type Faults } from '../wiring/faults'
import { authenticate } from '../world/tokens'
import { GraphError, nonexistingField, unknownPath, unsupportedRequest } from './graph-error'
import { hasBody, readBody } from '@server-kit/http/body'
import { HttpRefusal } from '@server-kit/http/refusal'
import {
  bodyLimit,
  createGate,
  credentialOf,
  earlyCredential,
  MAX_CONCURRENT_UPLOADS,
  MEDIA_UPLOAD_BYTES,
  parseParams,
  SMALL_BODY_BYTES,
  tooManyUploads,
  type ParsedBody,
} from './request'
import { graphHeaders, sendGraphError, sendJson } from './respond'

/**
 * Graph dispatch: `/{version}/…` or unversioned paths, like Meta (`/v25.0/123/messages` and
 * `/123/messages` both work). Faults are applied once the endpoint is known and before
 * authentication, as an infrastructure failure would be.
 */
const VERSION = /^v\d{1,2}\.\d$/

type Resolved =
  | { kind: 'oauth' }
  | { kind: 'debug_token'; route: GraphRoute }
  | { kind: 'node'; route: GraphRoute; id: string; edge: string; node: GraphCall['kind'] }
  /** No such route: answered after authentication, since Graph checks the token first. */
  | { kind: 'none'; error: GraphError }

export interface GraphRouterOptions {
  ctx: GraphContext
  faults: Faults
  log: (line: string) => void
  /** Requests held open by the `timeout` fault, released on shutdown. */
  held: Set<ServerResponse>
}

function methodOf(req: IncomingMessage, params: Record<string, unknown>): GraphMethod | null {
  // Graph honours `method=delete|get` as a parameter on POST (for clients without DELETE).
  const override = typeof params.method === 'string' ? params.method.toUpperCase() : null
  const method =
    override && req.method === 'POST' ? override : req.method === 'HEAD' ? 'GET' : req.method
  return method === 'GET' || method === 'POST' || method === 'DELETE' ? method : null
}

function resolve(segments: string[], method: GraphMethod, ctx: GraphContext): Resolved {
  try {
    return resolveOrThrow(segments, method, ctx)
  } catch (error) {
    if (error instanceof GraphError) return { kind: 'none', error }
    throw error
  }
}

function resolveOrThrow(segments: string[], method: GraphMethod, ctx: GraphContext): Resolved {
  const [first = '', second, ...rest] = segments
  if (first === 'oauth' && second === 'access_token' && rest.length === 0) return { kind: 'oauth' }
  if (first === 'debug_token' && second === undefined) {
    return { kind: 'debug_token', route: { endpoint: 'debug_token', handler: debugToken } }
  }
  const lower = method.toLowerCase() as 'get' | 'post' | 'delete'
  if (first === '') throw unsupportedRequest(lower, '')
  const node = ctx.world.kindOf(first)
  if (node === undefined) throw unsupportedRequest(lower, first)
  if (rest.length > 0) throw unknownPath(`/${rest.join('/')}`)
  const edge = second ?? ''
  const route = findRoute(node, method, edge)
  if (!route) {
    if (method === 'GET' && edge !== '') throw nonexistingField(edge, NODE_TYPES[node])
    throw unsupportedRequest(lower, first)
  }
  return { kind: 'node', route, id: first, edge, node }
}

export function createGraphRouter(options: GraphRouterOptions) {
  const { ctx, faults, log, held } = options

  /** Applies a fault; returns true when the request was answered (or dropped) by it. */
  async function injectFault(
    endpoint: EndpointName,
    req: IncomingMessage,
    res: ServerResponse,
    version: string | null,
  ) {
    const kind = faults.pick(endpoint)
    if (kind === null) return false
    ctx.counters.faults_injected++
    if (kind === 'reset') {
      req.socket.destroy()
      return true
    }
    if (kind === 'timeout') {
      held.add(res)
      res.on('close', () => held.delete(res))
      return true
    }
    if (kind === 'slow') {
      const ms = faults.current()?.slow_ms ?? 1500
      await new Promise<void>((done) => ctx.world.clock.after(ms, done))
      return false
    }
    const error = faultError(kind, endpoint, ctx.world)
    if (error) sendGraphError(res, error, version)
    return error !== null
  }

  const uploads = createGate(MAX_CONCURRENT_UPLOADS, ctx.counters)

  /**
   * Reads and parses the parameters. A token in the header or query is checked before a byte of the
   * body is read; without one, only a small body (which could carry `access_token`) is read. Large
   * media uploads pass a gate, so only a few are in memory at once.
   */
  async function readParams(
    req: IncomingMessage,
    url: URL,
    segments: string[],
  ): Promise<ParsedBody> {
    const oauth = segments[0] === 'oauth'
    const early = earlyCredential(req, url)
    if (early !== null && !oauth) authenticate(ctx.world, early)
    const limit =
      early === null ? SMALL_BODY_BYTES : bodyLimit(req.headers['content-type'], segments)
    const release = limit === MEDIA_UPLOAD_BYTES && hasBody(req) ? uploads.enter() : () => {}
    if (release === null) throw tooManyUploads()
    let body: Buffer
    try {
      body = await readBody(req, limit)
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error
      // No token and a body too big to hold one: Graph's missing-token error, not a 413.
      if (early === null && !oauth) authenticate(ctx.world, null)
      throw new GraphError(100, { message: `(#100) ${error.message}`, http: error.status })
    } finally {
      release()
    }
    return parseParams(url.searchParams, req.headers['content-type'], body)
  }

  return async function handleGraph(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    ctx.counters.graph_requests++
    const segments = url.pathname.split('/').filter((s) => s !== '')
    const version =
      segments[0] !== undefined && VERSION.test(segments[0]) ? (segments.shift() as string) : null
    if (segments[0] === 'whatsapp_business' && `/${segments.join('/')}/` === DOWNLOAD_PATH) {
      if (await injectFault('media_download', req, res, version)) return
      req.resume()
      downloadMedia(ctx.world, req, res, url, credentialOf(req, {}))
      return
    }
    let endpoint: EndpointName | null = null
    let bodyRead = !hasBody(req)
    try {
      const parsed = await readParams(req, url, segments)
      bodyRead = true
      const method = methodOf(req, parsed.params)
      if (method === null) throw unsupportedRequest('get', segments[0] ?? '')
      const target = resolve(segments, method, ctx)
      if (target.kind !== 'none') {
        endpoint = target.kind === 'oauth' ? 'oauth' : target.route.endpoint
        if (await injectFault(endpoint, req, res, version)) return
      }
      let result: unknown
      if (target.kind === 'oauth') {
        result = exchangeCode(ctx.world, parsed.params)
      } else {
        const principal = authenticate(ctx.world, credentialOf(req, parsed.params))
        if (target.kind === 'none') throw target.error
        const call: GraphCall = {
          method,
          id: target.kind === 'node' ? target.id : '',
          kind: target.kind === 'node' ? target.node : undefined,
          edge: target.kind === 'node' ? target.edge : '',
          params: parsed.params,
          principal,
          multipart: parsed.multipart,
          url,
        }
        result = await target.route.handler(call, ctx)
      }
      sendJson(res, 200, result, graphHeaders(version, fbtraceId()))
    } catch (error) {
      if (endpoint === 'messages') ctx.counters.messages_rejected++
      // Answered before the body was read: close, so the rest of it is discarded unread.
      if (!bodyRead) res.setHeader('Connection', 'close')
      if (error instanceof GraphError) {
        sendGraphError(res, error, version)
        return
      }
      log(
        `graph ${req.method} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      sendGraphError(res, new GraphError(131000, { details: 'Internal sandbox error' }), version)
    }
  }
}
