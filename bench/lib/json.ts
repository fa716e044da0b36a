import { request } from 'undici'

/** A JSON request to the sandbox (Graph or control API); throws on a non-2xx answer. */
export async function json<T>(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await request(url, {
    method: method as 'GET',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.body.text()
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${text}`)
  return JSON.parse(text) as T
}
