import { request } from 'undici'
import type { EmbeddedSandbox } from '../embedded/start-sandbox'

type Sandbox = Pick<EmbeddedSandbox, 'url' | 'controlToken'>
type Method = 'GET' | 'POST' | 'DELETE'

/** A JSON request to the sandbox (Graph or control API); throws with the answer on a non-2xx. */
async function sandboxJson<T>(
  method: Method,
  url: string,
  body: unknown,
  token: string | null,
): Promise<T> {
  const res = await request(url, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = (await res.body.json()) as T
  if (res.statusCode >= 300)
    throw new Error(`${method} ${url} → ${res.statusCode} ${JSON.stringify(json)}`)
  return json
}

/** The sandbox's control API (what tests and trainers script against), with its control token. */
export function sandboxControl(sandbox: Sandbox) {
  return function control<T = Record<string, unknown>>(
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<T> {
    return sandboxJson<T>(method, `${sandbox.url}/_sandbox/${path}`, body, sandbox.controlToken)
  }
}

/** The sandbox's Graph API (v25.0) with a token (null: none, as for the code exchange). */
export function sandboxGraph(sandbox: Pick<Sandbox, 'url'>) {
  return function graph<T = Record<string, unknown>>(
    method: Method,
    path: string,
    body: unknown,
    token: string | null,
  ): Promise<T> {
    return sandboxJson<T>(method, `${sandbox.url}/v25.0${path}`, body, token)
  }
}

export interface HttpOnboarded {
  appId: string
  appSecret: string
  verifyToken: string
  wabaId: string
  phoneNumberId: string
  /** The business token from the code exchange. */
  token: string
}

/**
 * Over the sandbox's HTTP APIs only (as a trainer would script it, no core): a client finishes
 * Embedded Signup, the partner exchanges the code for the business token, subscribes its app to the
 * WABA (unless `subscribe: false`) and registers the number with a PIN.
 */
export async function onboardOverHttp(
  sandbox: Sandbox,
  signup: Record<string, unknown> = {},
  options: { subscribe?: boolean } = {},
): Promise<HttpOnboarded> {
  const control = sandboxControl(sandbox)
  const graph = sandboxGraph(sandbox)
  const config = await control<{ app_id: string; app_secret: string; verify_token: string }>(
    'GET',
    'config',
  )
  const done = await control<{ code: string; waba_id: string; phone_number_id: string }>(
    'POST',
    'signups',
    signup,
  )
  const query = new URLSearchParams({
    client_id: config.app_id,
    client_secret: config.app_secret,
    code: done.code,
  })
  const { access_token: token } = await graph<{ access_token: string }>(
    'GET',
    `/oauth/access_token?${query}`,
    undefined,
    null,
  )
  if (options.subscribe !== false)
    await graph('POST', `/${done.waba_id}/subscribed_apps`, {}, token)
  await graph(
    'POST',
    `/${done.phone_number_id}/register`,
    { messaging_product: 'whatsapp', pin: '123456' },
    token,
  )
  return {
    appId: config.app_id,
    appSecret: config.app_secret,
    verifyToken: config.verify_token,
    wabaId: done.waba_id,
    phoneNumberId: done.phone_number_id,
    token,
  }
}
