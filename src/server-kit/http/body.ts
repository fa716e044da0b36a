import type { IncomingMessage } from 'node:http'
import { HttpRefusal } from './refusal'

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase()
}

/** Whether the request announces a body (a non-zero Content-Length, or chunked encoding). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true
  const length = req.headers['content-length']
  return length !== undefined && length !== '0'
}

/**
 * Refuses (415) a request body that is not `Content-Type: application/json`. A cross-site page can
 * send text/plain or a form without asking, but application/json needs the server's CORS consent.
 */
export function checkJsonContentType(req: IncomingMessage): void {
  if (!hasBody(req)) return
  const type = mediaType(req.headers['content-type'])
  if (type !== 'application/json') {
    throw new HttpRefusal(
      415,
      `Unsupported media type: send JSON with "Content-Type: application/json"${type ? ` (got ${type.slice(0, 100)})` : ''}.`,
    )
  }
}

const tooLarge = (limit: number) =>
  new HttpRefusal(413, `Payload too large: the body exceeds ${limit} bytes.`)

/**
 * Reads the body into memory, never more than `limit` bytes: a larger Content-Length is refused
 * before a byte is read, a stream that grows past it is dropped at the limit. The refusal is a 413;
 * answer it with `Connection: close` so the rest of the upload is discarded, not read.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      reject(tooLarge(limit))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (error: Error | null) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
      if (error) {
        req.pause()
        reject(error)
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) finish(tooLarge(limit))
      else chunks.push(chunk)
    }
    const onEnd = () => finish(null)
    const onError = (error: Error) => finish(error)
    const onClose = () =>
      finish(new Error('the client closed the connection before the body ended'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/** Objects become null-prototype ones, so `__proto__` and `constructor` are plain, inert keys. */
function inert(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.assign(Object.create(null) as Record<string, unknown>, value)
}

/**
 * JSON.parse whose objects have no prototype: a `{"__proto__": …}` or `{"constructor": …}` in a
 * request is an ordinary key, never a prototype or an inherited member. Throws SyntaxError.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, inert) as unknown
}

/** A null-prototype record, for parameters collected from queries and forms. */
export const emptyRecord = <T = unknown>(): Record<string, T> =>
  Object.create(null) as Record<string, T>
