import { emptyRecord } from '@server-kit/http/body'

/**
 * A small, strict multipart/form-data parser for media uploads (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media:
 * `messaging_product=whatsapp`, `type=<mime>`, `file=@path;type=<mime>`). The whole body is
 * already in memory (size-capped by the reader), so this is a scan for boundaries, not a stream.
 * Anything malformed is rejected rather than guessed at.
 */
export interface MultipartFile {
  field: string
  filename: string
  contentType: string | null
  data: Buffer
}

export interface Multipart {
  fields: Record<string, string>
  files: MultipartFile[]
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return match ? (match[1] ?? match[2] ?? null) : null
}

const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

function parseHeaders(raw: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new MultipartError(`malformed part header "${line}"`)
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

function dispositionParam(disposition: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(disposition)
  if (match) return match[1] ?? null
  const bare = new RegExp(`(?:^|;)\\s*${name}=([^;\\s]+)`, 'i').exec(disposition)
  return bare ? (bare[1] ?? null) : null
}

export function parseMultipart(body: Buffer, boundary: string): Multipart {
  const delimiter = Buffer.from(`--${boundary}`)
  // Null-prototype: a part named `__proto__` or `constructor` is an ordinary field.
  const out: Multipart = { fields: emptyRecord<string>(), files: [] }
  let pos = body.indexOf(delimiter)
  if (pos !== 0) throw new MultipartError('body does not start with the boundary')
  for (;;) {
    pos += delimiter.length
    // "--" after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return out
    if (!body.subarray(pos, pos + 2).equals(CRLF))
      throw new MultipartError('missing CRLF after boundary')
    pos += 2
    const headerEnd = body.indexOf(HEADER_END, pos)
    if (headerEnd < 0) throw new MultipartError('part headers are not terminated')
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'))
    const dataStart = headerEnd + 4
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), dataStart)
    if (next < 0) throw new MultipartError('part is not terminated by the boundary')
    const data = body.subarray(dataStart, next)
    const disposition = headers.get('content-disposition') ?? ''
    if (!/^form-data\b/i.test(disposition)) throw new MultipartError('part is not form-data')
    const name = dispositionParam(disposition, 'name')
    if (!name) throw new MultipartError('part has no name')
    const filename = dispositionParam(disposition, 'filename')
    if (filename !== null) {
      out.files.push({
        field: name,
        filename,
        contentType: headers.get('content-type') ?? null,
        data,
      })
    } else {
      out.fields[name] = data.toString('utf8')
    }
    pos = next + 2
  }
}
