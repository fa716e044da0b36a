import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request } from 'undici'
import { newToken } from '@server-kit/http/bearer'
import {
  startWebhookReceiver,
  type HandshakeMode,
  type ReceivedChange,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../webhooks/receiver'
import { createSandbox, type Sandbox, type SandboxOptions } from '../server'

/**
 * Test support for the sandbox's own tests: a sandbox on port 0, a small HTTP client that
 * speaks to it over real HTTP, and a webhook callback that answers Meta's GET handshake and
 * records signed POSTs.
 */
/** Response JSON in tests: asserted field by field with expect(), so it is left untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above; tests only
export type Json = any

export interface HttpResult<T = Json> {
  status: number
  headers: IncomingHttpHeaders
  body: T
  raw: Buffer
}

export interface CallOptions {
  token?: string | null
  query?: Record<string, string>
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
  body?: Buffer
}

export async function http<T = Json>(
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<HttpResult<T>> {
  const target = new URL(url)
  for (const [key, value] of Object.entries(options.query ?? {}))
    target.searchParams.set(key, value)
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | Buffer | undefined = options.body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(options.form).toString()
  }
  const response = await request(target, { method: method as 'GET', headers, body })
  const raw = Buffer.from(await response.body.arrayBuffer())
  let parsed: unknown = raw.toString('utf8')
  if (String(response.headers['content-type'] ?? '').includes('json'))
    parsed = JSON.parse(raw.toString('utf8'))
  return { status: response.statusCode, headers: response.headers, body: parsed as T, raw }
}

/** A multipart/form-data body (as curl -F sends it) and its Content-Type header. */
export function multipart(
  parts: {
    name: string
    value?: string
    file?: { data: Buffer; type?: string; filename?: string }
  }[],
) {
  const boundary = '----sandbox-test-boundary'
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.file) {
      head += `; filename="${part.file.filename ?? 'file.bin'}"\r\n`
      if (part.file.type) head += `Content-Type: ${part.file.type}\r\n`
      chunks.push(Buffer.from(`${head}\r\n`), part.file.data, Buffer.from('\r\n'))
    } else {
      chunks.push(Buffer.from(`${head}\r\n\r\n${part.value ?? ''}\r\n`))
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/**
 * A request over node:http with exactly the headers given (Host and Origin included, as a browser
 * or a rebinding page would send them), for the tests of the request guards.
 */
export function rawHttp(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpResult> {
  const target = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path,
        headers: { host: target.host, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const json = String(res.headers['content-type'] ?? '').includes('json')
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: json ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8'),
            raw,
          })
        })
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export interface TestSandbox {
  sandbox: Sandbox
  url: string
  /** Sent by `control()` as `Authorization: Bearer`, as the embedded sandbox requires. */
  controlToken: string
  graph<T = Json>(method: string, path: string, options?: CallOptions): Promise<HttpResult<T>>
  control<T = Json>(method: string, path: string, json?: unknown): Promise<HttpResult<T>>
  advance(seconds: number): Promise<HttpResult>
  /**
   * The partner app's webhook endpoint: a callback with this sandbox's app secret and verify token,
   * set as `callback_url` (so the handshake has passed) and closed with the sandbox.
   */
  appCallback(): Promise<Callback>
  close(): Promise<void>
}

/** `dataDir`: keep the world in that folder (restart tests); memory only by default. */
export async function startSandbox(
  config: SandboxOptions['config'] = {},
  options: { dataDir?: string } = {},
): Promise<TestSandbox> {
  // A control token, as the embedded sandbox has: tests exercise the authenticated path.
  const controlToken = newToken()
  // time_scale 0: real delays (status progression, review, batching) collapse to the next tick.
  const sandbox = await createSandbox({
    port: 0,
    dataDir: options.dataDir ?? null,
    config: { time_scale: 0, ...config },
    controlToken,
  })
  const callbacks: Callback[] = []
  const t: TestSandbox = {
    sandbox,
    url: sandbox.url,
    controlToken,
    graph: (method, path, options) => http(method, `${sandbox.url}/v25.0${path}`, options),
    control: (method, path, json) =>
      http(method, `${sandbox.url}/_sandbox${path}`, {
        token: controlToken,
        ...(json === undefined ? {} : { json }),
      }),
    advance: (seconds) => t.control('POST', '/clock', { advance_seconds: seconds }),
    async appCallback() {
      const callback = await startCallback({
        appSecret: () => sandbox.config.app_secret,
        verifyToken: () => sandbox.config.verify_token,
      })
      callbacks.push(callback)
      const configured = await t.control('POST', '/config', { callback_url: callback.url })
      if (configured.status !== 200) {
        throw new Error(
          `callback_url refused: ${configured.status} ${JSON.stringify(configured.body)}`,
        )
      }
      return callback
    },
    async close() {
      await sandbox.close()
      for (const callback of callbacks.splice(0)) await callback.close()
    },
  }
  return t
}

/** A received POST, its body left untyped for expect(). */
export type Received = Omit<ReceivedWebhook, 'body'> & { body: Json }
export type CallbackChange = Omit<ReceivedChange, 'value'> & { value: Json }

export interface Callback extends Omit<WebhookReceiver, 'received' | 'changes' | 'waitFor'> {
  posts: Received[]
  /** Every change received, flattened: `{entryId, field, value, time?}`. */
  changes(): CallbackChange[]
  waitFor(predicate: (callback: Callback) => boolean): Promise<void>
}

/**
 * A partner's webhook endpoint (the webhook receiver with test-friendly names): answers the
 * handshake when `hub.verify_token` matches (or with `handshake: 'wrong-body' | 'forbidden'` to
 * fail it) and acknowledges every POST with `status(index)`, 200 by default, whatever the signature.
 */
export async function startCallback(options: {
  appSecret: () => string
  verifyToken: () => string
  handshake?: HandshakeMode
  status?: (index: number) => number
}): Promise<Callback> {
  const receiver = await startWebhookReceiver({
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    handshake: options.handshake,
    respond: (index) => options.status?.(index) ?? 200,
  })
  const callback: Callback = {
    ...receiver,
    posts: receiver.received,
    changes: receiver.changes,
    waitFor: (predicate) => receiver.waitFor(() => predicate(callback)),
  }
  return callback
}

export interface Client {
  token: string
  wabaId: string
  phoneId: string
  businessId: string
  displayPhone: string
}

/**
 * A client onboarded the way the product does it: Embedded Signup → code exchange → subscribe →
 * (optionally) register the number.
 */
export async function onboard(
  t: TestSandbox,
  options: {
    business_name?: string
    register?: boolean
    subscribe?: boolean
    pin?: string
    /** `finish_whatsapp_business_app_onboarding`: a coexistence number (never registered). */
    outcome?: 'finish' | 'finish_whatsapp_business_app_onboarding'
  } = {},
): Promise<Client> {
  const signup = await t.control('POST', '/signups', {
    business_name: options.business_name ?? `Biz ${Math.random().toString(36).slice(2, 8)}`,
    ...(options.outcome ? { outcome: options.outcome } : {}),
  })
  if (signup.status !== 200) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`)
  const config = t.sandbox.config
  const exchange = await t.graph('GET', '/oauth/access_token', {
    query: { client_id: config.app_id, client_secret: config.app_secret, code: signup.body.code },
  })
  if (exchange.status !== 200) throw new Error(`exchange failed: ${JSON.stringify(exchange.body)}`)
  const token = exchange.body.access_token as string
  if (options.subscribe ?? true) {
    await t.graph('POST', `/${signup.body.waba_id}/subscribed_apps`, { token })
  }
  if (options.register ?? true) {
    const reg = await t.graph('POST', `/${signup.body.phone_number_id}/register`, {
      token,
      json: { messaging_product: 'whatsapp', pin: options.pin ?? '123456' },
    })
    if (reg.status !== 200) throw new Error(`register failed: ${JSON.stringify(reg.body)}`)
  }
  const phone = await t.graph('GET', `/${signup.body.phone_number_id}`, { token })
  return {
    token,
    wabaId: signup.body.waba_id,
    phoneId: signup.body.phone_number_id,
    businessId: signup.body.business_id,
    displayPhone: phone.body.display_phone_number,
  }
}

/** A customer writes to the client's number (opens the 24 h window). */
export async function customerWrites(t: TestSandbox, client: Client, from: string, text = 'hi') {
  const result = await t.control('POST', '/customers/messages', {
    phone_number_id: client.phoneId,
    from,
    type: 'text',
    text: { body: text },
  })
  if (result.status !== 200)
    throw new Error(`customer message failed: ${JSON.stringify(result.body)}`)
  return result.body as { id: string; webhook: string | null }
}

export function expectGraphError(result: HttpResult, code: number, status?: number) {
  const error = result.body?.error
  if (!error || error.code !== code || (status !== undefined && result.status !== status)) {
    throw new Error(
      `expected Graph error ${code}${status ? `/${status}` : ''}, got ${result.status} ${JSON.stringify(result.body)}`,
    )
  }
  if (typeof error.fbtrace_id !== 'string' || error.fbtrace_id.length < 10) {
    throw new Error('error without fbtrace_id')
  }
  return error as {
    message: string
    type: string
    code: number
    error_subcode?: number
    error_data?: { details: string }
  }
}
