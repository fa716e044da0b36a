import type { IncomingMessage } from 'node:http'
import { emptyRecord, mediaType, parseJson } from '@server-kit/http/body'
import { GraphError } from './graph-error'
import { boundaryOf, MultipartError, parseMultipart, type Multipart } from './multipart'

/**
 * Graph request bodies. Every content type has a cap: JSON, forms and anything else 1 MiB;
 * multipart 1 MiB too, except uploads to `/{phone}/media`, which may carry Meta's largest media (100 MB
 * documents, https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types)
 * and are limited to a few at once so memory stays bounded.
 */
const MiB = 1024 * 1024
export const SMALL_BODY_BYTES = 1 * MiB
export const MEDIA_UPLOAD_BYTES = 101 * MiB
export const MAX_CONCURRENT_UPLOADS = 4

/** The cap for a body of this Content-Type sent to this path (segments after the version). */
export function bodyLimit(contentType: string | undefined, segments: readonly string[]): number {
  const mediaUpload = segments.length === 2 && segments[1] === 'media'
  return mediaUpload && mediaType(contentType) === 'multipart/form-data'
    ? MEDIA_UPLOAD_BYTES
    : SMALL_BODY_BYTES
}

/**
 * Admits at most `max` holders at once, counted in `counter.uploads_in_progress`; `enter()`
 * returns a release function, or null when full.
 */
export function createGate(max: number, counter: { uploads_in_progress: number }) {
  return {
    enter(): (() => void) | null {
      if (counter.uploads_in_progress >= max) return null
      counter.uploads_in_progress++
      let released = false
      return () => {
        if (!released) counter.uploads_in_progress--
        released = true
      }
    },
  }
}

export function tooManyUploads(): GraphError {
  return new GraphError(4, {
    message: `(#4) Application request limit reached: at most ${MAX_CONCURRENT_UPLOADS} media uploads at once`,
    http: 429,
    headers: { 'Retry-After': '1' },
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
      return parseJson(value)
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
  /** Null-prototype: `__proto__` or `constructor` parameters are plain keys. */
  params: Record<string, unknown>
  multipart: Multipart | null
}

/** Meta takes parameters in the query, a form body or a JSON body; later sources win. */
export function parseParams(
  search: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): ParsedBody {
  const params = emptyRecord()
  addSearchParams(params, search)
  if (body.length === 0) return { params, multipart: null }
  const type = mediaType(contentType)
  if (type === 'multipart/form-data') {
    const boundary = boundaryOf(contentType ?? '')
    if (!boundary) throw new GraphError(100, { message: '(#100) Missing multipart boundary' })
    try {
      const multipart = parseMultipart(body, boundary)
      Object.assign(params, multipart.fields)
      return { params, multipart }
    } catch (error) {
      if (error instanceof MultipartError) {
        throw new GraphError(100, { message: `(#100) Malformed multipart body: ${error.message}` })
      }
      throw error
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    addSearchParams(params, new URLSearchParams(body.toString('utf8')))
    return { params, multipart: null }
  }
  // JSON is the default, as with curl -d '{…}' -H 'Content-Type: application/json'.
  let parsed: unknown
  try {
    parsed = parseJson(body.toString('utf8'))
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

/** The credential known before the body is read: the Authorization header or the query. */
export function earlyCredential(req: IncomingMessage, url: URL): string | null {
  return credentialOf(req, { access_token: url.searchParams.get('access_token') ?? undefined })
}
