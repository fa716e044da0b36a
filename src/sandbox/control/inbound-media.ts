import { baseMime } from '../graph/media-types'

/**
 * Placeholder files for simulated customers' media when the control call gives no media id: tiny
 * but well-formed enough that their magic numbers match their MIME type, so the app can download
 * them through `GET /{media}` like real inbound media.
 *   placeholderBytes(type, mime)  → a file of that MIME type
 */
const jpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////' +
    '////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)])
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(12)])
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const webp = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([26, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(18),
])

const mp3 = Buffer.concat([
  Buffer.from('ID3'),
  Buffer.from([4, 0, 0, 0, 0, 0, 0]),
  Buffer.alloc(32),
])
const png = Buffer.from([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...new Array<number>(24).fill(0),
])

/** Placeholder bytes by (base) MIME type. */
const BYTES: Record<string, Buffer> = {
  'image/jpeg': jpeg,
  'image/png': png,
  'audio/ogg': ogg,
  'audio/mpeg': mp3,
  'video/mp4': mp4,
  'application/pdf': pdf,
  'image/webp': webp,
}

/** A kind's usual file, for a MIME type without a placeholder of its own. */
const BY_KIND: Record<string, Buffer> = {
  image: jpeg,
  audio: ogg,
  video: mp4,
  document: pdf,
  sticker: webp,
}

/**
 * Bytes for a placeholder of this MIME type (parameters ignored); a type without its own
 * placeholder gets the kind's default file, which is only a stand-in.
 */
export function placeholderBytes(type: string, mime: string): Buffer {
  // Own keys only: a MIME type or kind named "constructor" must not find Object.prototype's.
  const own = (table: Record<string, Buffer>, key: string) =>
    Object.hasOwn(table, key) ? table[key] : undefined
  return own(BYTES, baseMime(mime)) ?? own(BY_KIND, type) ?? jpeg
}
