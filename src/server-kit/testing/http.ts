import { request } from 'node:http'

/** Node-only helpers for tests and benchmarks of the core, the relay and the sandbox. */
export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body's exact bytes. */
  body: Buffer
  /** The body as UTF-8. */
  text: string
}

/**
 * One HTTP request over node:http. Resolves with the answer even when the server answers before
 * reading the whole body and closes (a 413), which fetch reports as a network error. The path goes
 * out as written (`/media/../x` is not normalised away), so path-traversal checks can be tested.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  const { hostname, port, origin } = new URL(url)
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request(
      {
        hostname,
        port,
        path: url.slice(origin.length) || '/',
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString('utf8'),
          })
        })
      },
    )
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    req.end(options.body)
  })
}
