import { request } from 'undici'
import type { EmbeddedSandbox } from '../embedded/start-sandbox'

/** The sandbox's control API (what tests and trainers script against), with its control token. */
export function sandboxControl(sandbox: Pick<EmbeddedSandbox, 'url' | 'controlToken'>) {
  return async function control<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await request(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${sandbox.controlToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await res.body.json()) as T
    if (res.statusCode >= 300)
      throw new Error(`control ${method} ${path} → ${res.statusCode} ${JSON.stringify(json)}`)
    return json
  }
}
