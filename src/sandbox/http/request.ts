import type { IncomingMessage } from 'node:http'
import { GraphError } from './graph-error'
import { boundaryOf, MultipartError, parseMultipart, type Multipart } from './multipart'

/** Bodies above this are refused; media documents may be 100 MB (reference §2.5). */
export const MAX_BODY_BYTES = 101 * 1024 * 1024
const MAX_JSON_BYTES = 8 * 1024 * 1024

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      reject(new BodyTooLarge(`body of ${declared} bytes exceeds ${limit}`))
      req.resume()
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge(`body exceeds ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    )
    req.on('error', reject)
  })
}

/**
 * Graph accepts structured values JSON-encoded inside query and form parameters
 * (`components=[{…}]`), so values that look like JSON objects or arrays are decoded.
 */
function decodeValue(value: string): unknown {
  const first = value.charCodeAt(0)
  if (first === 0x7b || first === 0x5b) {
    try {
      return JSON.parse(value) as unknown
    } catch {
      return value
    }
  }
  return value
}

function addSearchParams(target: Record<string, unknown>, search: URLSearchParams): void {
  for (const [key, value] of search) target[key] = decodeValue(value)
}

export interface ParsedBody {
  params: Record<string, unknown>
  multipart: Multipart | null
}

/** Meta takes parameters in the query, a form body or a JSON body; later sources win. */
export function parseParams(
  search: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): ParsedBody {
  const params: Record<string, unknown> = {}
  addSearchParams(params, search)
  if (body.length === 0) return { params, multipart: null }
  const type = (contentType ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '')
    if (!boundary) throw new GraphError(100, { message: '(#100) Missing multipart boundary' })
    try {
      const multipart = parseMultipart(body, boundary)
      for (const [key, value] of Object.entries(multipart.fields)) params[key] = value
      return { params, multipart }
    } catch (error) {
      if (error instanceof MultipartError) {
        throw new GraphError(100, { message: `(#100) Malformed multipart body: ${error.message}` })
      }
      throw error
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    addSearchParams(params, new URLSearchParams(body.toString('utf8')))
    return { params, multipart: null }
  }
  // JSON is the default, as with curl -d '{…}' -H 'Content-Type: application/json'.
  if (body.length > MAX_JSON_BYTES) throw new BodyTooLarge('JSON body too large')
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new GraphError(100, { message: '(#100) The request body is not valid JSON' })
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GraphError(100, { message: '(#100) The request body must be a JSON object' })
  }
  Object.assign(params, parsed)
  return { params, multipart: null }
}

/** `Authorization: Bearer <token>` (or `OAuth <token>`), else the `access_token` parameter. */
export function credentialOf(req: IncomingMessage, params: Record<string, unknown>): string | null {
  const header = req.headers.authorization
  if (header) {
    const space = header.indexOf(' ')
    const scheme = header.slice(0, space).toLowerCase()
    if (space > 0 && (scheme === 'bearer' || scheme === 'oauth'))
      return header.slice(space + 1).trim()
  }
  const param = params.access_token
  return typeof param === 'string' ? param : null
}
