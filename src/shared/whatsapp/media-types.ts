/**
 * Supported media (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media): MIME types and size limits per kind, and which send
 * types may carry which MIME types. Documents accept any supported file. The sandbox enforces
 * these; the console checks uploads against them before Meta does.
 */
const MB = 1024 * 1024

export type MediaKind = 'audio' | 'document' | 'image' | 'sticker' | 'video'

/** Null-prototype, so a `type=constructor` or `type=__proto__` names no media type. */
export const MEDIA_LIMITS: Readonly<Record<string, { kind: MediaKind; maxBytes: number }>> =
  Object.assign(Object.create(null) as Record<string, { kind: MediaKind; maxBytes: number }>, {
    'audio/aac': { kind: 'audio', maxBytes: 16 * MB },
    'audio/amr': { kind: 'audio', maxBytes: 16 * MB },
    'audio/mpeg': { kind: 'audio', maxBytes: 16 * MB },
    'audio/mp4': { kind: 'audio', maxBytes: 16 * MB },
    'audio/ogg': { kind: 'audio', maxBytes: 16 * MB },
    'text/plain': { kind: 'document', maxBytes: 100 * MB },
    'application/vnd.ms-excel': { kind: 'document', maxBytes: 100 * MB },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      kind: 'document',
      maxBytes: 100 * MB,
    },
    'application/msword': { kind: 'document', maxBytes: 100 * MB },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
      kind: 'document',
      maxBytes: 100 * MB,
    },
    'application/vnd.ms-powerpoint': { kind: 'document', maxBytes: 100 * MB },
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
      kind: 'document',
      maxBytes: 100 * MB,
    },
    'application/pdf': { kind: 'document', maxBytes: 100 * MB },
    'image/jpeg': { kind: 'image', maxBytes: 5 * MB },
    'image/png': { kind: 'image', maxBytes: 5 * MB },
    // Animated stickers may be 500 KB, static 100 KB; the sandbox does not decode WebP to tell.
    'image/webp': { kind: 'sticker', maxBytes: 500 * 1024 },
    'video/mp4': { kind: 'video', maxBytes: 16 * MB },
    'video/3gpp': { kind: 'video', maxBytes: 16 * MB },
  })

export const SUPPORTED_MIME_TYPES = Object.keys(MEDIA_LIMITS)

/** Whether media of this MIME type can be sent as a message of this type. */
export function sendableAs(mime: string, type: MediaKind): boolean {
  const limit = MEDIA_LIMITS[mime]
  if (!limit) return false
  return type === 'document' || limit.kind === type
}

/** Strips parameters ("audio/ogg; codecs=opus" → "audio/ogg") and lower-cases. */
export function baseMime(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

const startsWith = (data: Uint8Array, bytes: number[], offset = 0) =>
  bytes.every((byte, i) => data[offset + i] === byte)
const ascii = (data: Uint8Array, text: string, offset = 0) =>
  text.length <= data.length - offset &&
  [...text].every((char, i) => data[offset + i] === char.charCodeAt(0))

/**
 * Checks the bytes against the declared type by their magic numbers, to produce Meta's 131053 for
 * a file whose content is not what its MIME type says. Returns true when they agree (or when the
 * format has no signature to check, e.g. text/plain).
 */
export function contentMatches(mime: string, data: Uint8Array): boolean {
  switch (mime) {
    case 'image/jpeg':
      return startsWith(data, [0xff, 0xd8, 0xff])
    case 'image/png':
      return startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    case 'image/webp':
      return ascii(data, 'RIFF') && ascii(data, 'WEBP', 8)
    case 'application/pdf':
      return ascii(data, '%PDF-')
    case 'video/mp4':
    case 'video/3gpp':
    case 'audio/mp4':
      return ascii(data, 'ftyp', 4)
    case 'audio/ogg':
      return ascii(data, 'OggS')
    case 'audio/amr':
      return ascii(data, '#!AMR')
    case 'audio/mpeg':
      return ascii(data, 'ID3') || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0)
    case 'audio/aac':
      return data[0] === 0xff && ((data[1] ?? 0) & 0xf6) === 0xf0
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
      return startsWith(data, [0x50, 0x4b, 0x03, 0x04])
    case 'application/vnd.ms-excel':
    case 'application/msword':
    case 'application/vnd.ms-powerpoint':
      return startsWith(data, [0xd0, 0xcf, 0x11, 0xe0])
    case 'text/plain':
      return !data.subarray(0, 4096).includes(0)
    default:
      return false
  }
}
