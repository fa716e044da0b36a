import { Pool } from 'undici'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import { registerSecret } from '@shared/redact'
import type { Logger } from '../logger'
import { businessTokenAccount, type SecretStore } from '../secrets/secret-store'
import { networkError, parseGraphError } from './graph-errors'
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry'

/** Which credential a call uses; read from the keychain at the moment of the call. */
export type TokenRef =
  | { kind: 'business'; wabaId: string }
  | { kind: 'system-user' }
  /** The app access token `app_id|app_secret`. */
  | { kind: 'app' }
  /** A token in hand that is not stored yet (e.g. right after the code exchange). */
  | { kind: 'value'; value: string }
  | { kind: 'none' }

export interface GraphRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path after the version, e.g. `/123/messages`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  json?: unknown
  multipart?: FormData
  token: TokenRef
  schema: S
  /** Short name for logs and errors (`messages`, `register`…). */
  endpoint: string
  /**
   * Whether repeating the call after a lost response is harmless. Sends are not: a timeout after
   * the request left may mean the message went out, so only provably-unsent failures are retried.
   */
  idempotent: boolean
  timeoutMs?: number
  /** Absolute URL (media downloads), bypassing base URL and version. */
  absoluteUrl?: string
  /** Return raw bytes instead of JSON (media downloads). */
  raw?: boolean
}

export interface GraphClientOptions {
  baseUrl: () => string
  apiVersion: () => string
  appId: () => string | null
  secrets: SecretStore
  log: Logger
  retry?: RetryPolicy
  timeoutMs?: number
  connectionsPerOrigin?: number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

export interface RawResponse {
  bytes: Buffer
  contentType: string
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The one way the core talks to Meta (or the sandbox): undici Pool per origin, per-call timeouts,
 * typed results (zod), Meta errors as classified AppErrors, bounded retries with jittered backoff,
 * and tokens fetched from the keychain per call. Logs carry method, endpoint, status, duration —
 * never tokens (and every token it touches is registered with the redactor).
 */
export function createGraphClient(options: GraphClientOptions) {
  const pools = new Map<string, Pool>()
  const policy = options.retry ?? DEFAULT_RETRY
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const log = options.log.child({ component: 'graph' })

  const pool = (origin: string) => {
    let existing = pools.get(origin)
    if (!existing) {
      existing = new Pool(origin, {
        connections: options.connectionsPerOrigin ?? 32,
        keepAliveTimeout: 30_000,
        connect: { timeout: 10_000 },
      })
      pools.set(origin, existing)
    }
    return existing
  }

  const resolveToken = async (ref: TokenRef): Promise<string | null> => {
    switch (ref.kind) {
      case 'none':
        return null
      case 'value':
        registerSecret(ref.value)
        return ref.value
      case 'app': {
        const appId = options.appId()
        const secret = await options.secrets.get('app-secret')
        if (!appId || !secret) {
          throw new AppError('CONFIG', 'The Meta app ID and app secret are needed for this call.', {
            fix: 'Set FACEBOOK_APP_ID and the app secret in Settings.',
          })
        }
        const token = `${appId}|${secret}`
        registerSecret(token)
        return token
      }
      case 'system-user': {
        const token = await options.secrets.get('system-user-token')
        if (!token) {
          throw new AppError('CONFIG', 'No system user token is configured.', {
            fix: 'Set the system user token in Settings (FACEBOOK_SYSTEM_USER_TOKEN).',
          })
        }
        return token
      }
      case 'business': {
        const token = await options.secrets.get(businessTokenAccount(ref.wabaId))
        if (!token) {
          throw new AppError(
            'GRAPH_AUTH',
            `No business token is stored for WhatsApp Business Account ${ref.wabaId}.`,
            {
              fix: 'Reconnect this client through Embedded Signup.',
              details: { wabaId: ref.wabaId },
            },
          )
        }
        return token
      }
    }
  }

  const buildUrl = (req: GraphRequest<z.ZodType>): URL => {
    if (req.absoluteUrl) return new URL(req.absoluteUrl)
    const base = options.baseUrl().replace(/\/+$/, '')
    const url = new URL(`${base}/${options.apiVersion()}${req.path}`)
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    return url
  }

  async function attempt(req: GraphRequest<z.ZodType>, token: string | null) {
    const url = buildUrl(req)
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'wa-partner-console',
    }
    if (token) headers.authorization = `Bearer ${token}`
    let body: string | Buffer | undefined
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(req.json)
    } else if (req.multipart) {
      const encoded = new Response(req.multipart)
      headers['content-type'] = encoded.headers.get('content-type')!
      body = Buffer.from(await encoded.arrayBuffer())
    }
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 15_000
    const signal = AbortSignal.timeout(timeoutMs)
    const response = await pool(url.origin).request({
      method: req.method,
      path: url.pathname + url.search,
      headers,
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    const bytes = Buffer.from(await response.body.arrayBuffer())
    return { status: response.statusCode, headers: response.headers, bytes }
  }

  async function call<S extends z.ZodType>(req: GraphRequest<S>): Promise<z.output<S>> {
    const started = Date.now()
    const token = await resolveToken(req.token)
    for (let n = 0; ; n++) {
      const attemptStarted = Date.now()
      let failure: { error: AppError; retry: boolean; waitMs?: number }
      try {
        const { status, headers, bytes } = await attempt(req, token)
        const ms = Date.now() - attemptStarted
        if (status >= 200 && status < 300) {
          log.debug('graph.ok', {
            method: req.method,
            endpoint: req.endpoint,
            status,
            ms,
            attempt: n + 1,
          })
          if (req.raw) {
            return {
              bytes,
              contentType: String(headers['content-type'] ?? 'application/octet-stream'),
            } as z.output<S>
          }
          return parseBody(req, bytes)
        }
        const parsed = parseGraphError(
          status,
          bytes.toString('utf8'),
          req.endpoint,
          headers['retry-after'],
        )
        log.warn('graph.error', {
          method: req.method,
          endpoint: req.endpoint,
          status,
          ms,
          attempt: n + 1,
          details: parsed.error.details,
        })
        failure = {
          error: parsed.error,
          retry: parsed.retryInCall,
          ...(parsed.retryAfterMs === undefined ? {} : { waitMs: parsed.retryAfterMs }),
        }
      } catch (cause) {
        if (AppError.is(cause)) throw cause
        const timedOut =
          (cause as Error)?.name === 'TimeoutError' || (cause as Error)?.name === 'AbortError'
        const net = networkError(cause, req.endpoint, timedOut)
        log.warn('graph.network', {
          method: req.method,
          endpoint: req.endpoint,
          attempt: n + 1,
          error: net.error,
        })
        failure = { error: net.error, retry: req.idempotent || net.notSent }
      }
      const wait = failure.waitMs ?? backoffDelay(n, policy, random)
      const elapsed = Date.now() - started
      if (!failure.retry || n + 1 >= policy.maxAttempts || elapsed + wait > policy.budgetMs)
        throw failure.error
      await sleep(wait)
    }
  }

  function parseBody<S extends z.ZodType>(req: GraphRequest<S>, bytes: Buffer): z.output<S> {
    let json: unknown
    try {
      json = JSON.parse(bytes.toString('utf8'))
    } catch {
      throw new AppError(
        'GRAPH',
        `${req.endpoint}: Meta answered with something that is not JSON`,
        { details: { endpoint: req.endpoint } },
      )
    }
    const result = req.schema.safeParse(json)
    if (!result.success) {
      throw new AppError(
        'GRAPH',
        `${req.endpoint}: Meta's answer did not have the expected shape`,
        {
          details: {
            endpoint: req.endpoint,
            issues: result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
          },
        },
      )
    }
    return result.data
  }

  return {
    call,
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()))
      pools.clear()
    },
  }
}

export type GraphClient = ReturnType<typeof createGraphClient>
