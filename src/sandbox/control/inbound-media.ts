/**
 * Placeholder files for simulated customers' media when the control call gives no media id: tiny
 * but well-formed enough that their magic numbers match their MIME type, so the app can download
 * them through `GET /{media}` like real inbound media.
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

export const PLACEHOLDER_MEDIA: Record<string, { mime: string; bytes: Buffer; filename?: string }> =
  {
    image: { mime: 'image/jpeg', bytes: jpeg },
    // Voice notes arrive as Opus in Ogg: Meta writes the mime type with its codec.
    audio: { mime: 'audio/ogg; codecs=opus', bytes: ogg },
    video: { mime: 'video/mp4', bytes: mp4 },
    document: { mime: 'application/pdf', bytes: pdf, filename: 'document.pdf' },
    sticker: { mime: 'image/webp', bytes: webp },
  }
