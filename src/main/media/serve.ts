import { isMediaName } from './files'
import { MEDIA_PATH, type ServedMedia } from './service'

export { MEDIA_PATH }

export type ReadMedia = (file: string) => ServedMedia | null

export interface MediaResponse {
  status: number
  headers: Record<string, string>
  body: Buffer | string
}

/** Shown in place: WhatsApp's images, stickers, voice notes and videos. Anything else downloads. */
const INLINE = /^(image\/(jpeg|png|webp)|audio\/|video\/)/

/** RFC 6266 / 5987: an ASCII fallback and the exact name, so no name can break the header. */
function disposition(kind: 'inline' | 'attachment', filename: string | null): string {
  if (!filename) return kind
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/**
 * The answer to `GET /media/<sha256>` for both transports (the browser-mode web server, behind
 * its session cookie, and Electron's app:// handler): the stored bytes with their own type,
 * never sniffed, shown inline only for media types a browser cannot run, under a CSP that
 * forbids everything (a file opened directly can run nothing). Null: not a media path.
 */
export function mediaResponse(read: ReadMedia, pathname: string): MediaResponse | null {
  if (!pathname.startsWith(MEDIA_PATH)) return null
  const name = pathname.slice(MEDIA_PATH.length)
  const found = isMediaName(name) ? read(name) : null
  const common = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
  if (!found)
    return {
      status: 404,
      headers: {
        ...common,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      },
      body: 'Not found',
    }
  const inline = INLINE.test(found.mimeType)
  return {
    status: 200,
    headers: {
      ...common,
      'Content-Type': found.mimeType,
      'Content-Disposition': disposition(inline ? 'inline' : 'attachment', found.filename),
      // Named by its hash: the bytes behind a URL never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
    body: found.bytes,
  }
}
