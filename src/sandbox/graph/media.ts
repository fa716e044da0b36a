import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { GraphError, enumParam, missingParam, waError } from '../http/graph-error'
import { opaqueToken } from '../ids'
import { authenticate, canAccessWaba } from '../world/tokens'
import type { Media } from '../world/types'
import type { World } from '../world/world'
import {
  denyUnless,
  phoneFor,
  stringParam,
  success,
  type GraphCall,
  type GraphContext,
} from './context'
import { MEDIA_LIMITS, SUPPORTED_MIME_TYPES, baseMime, contentMatches } from './media-types'

/**
 * Media (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media): multipart upload → `{id}`; `GET /{media}` → a download URL valid
 * 5 minutes on the virtual clock; the download itself needs the Bearer token (401 without it,
 * 404 once expired or deleted); uploads live 30 days.
 */
export const MEDIA_URL_TTL_MS = 5 * 60_000
export const UPLOAD_TTL_MS = 30 * 24 * 3600_000
export const INBOUND_MEDIA_TTL_MS = 7 * 24 * 3600_000
export const DOWNLOAD_PATH = '/whatsapp_business/attachments/'

export function storeMedia(
  world: World,
  input: {
    phoneId: string
    wabaId: string
    bytes: Buffer
    mime: string
    filename: string | null
    ttlMs: number
  },
): Media {
  const now = world.clock.now()
  const media: Media = {
    id: world.newId('media', 16),
    phone_id: input.phoneId,
    waba_id: input.wabaId,
    bytes: input.bytes,
    mime_type: input.mime,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    file_size: input.bytes.length,
    uploaded_at: now,
    expires_at: now + input.ttlMs,
    filename: input.filename,
  }
  world.media.set(media.id, media)
  return media
}

export function uploadMedia(call: GraphCall, ctx: GraphContext): unknown {
  const phone = phoneFor(call, ctx)
  const product = call.params.messaging_product
  if (product === undefined) throw missingParam('messaging_product')
  if (product !== 'whatsapp') throw enumParam('messaging_product', ['whatsapp'], product)
  const file = call.multipart?.files.find((f) => f.field === 'file')
  if (!file) throw missingParam('file')
  const declared = stringParam(call.params, 'type')
  const partType = file.contentType ? baseMime(file.contentType) : null
  const fromPart = partType === 'application/octet-stream' ? null : partType
  const mime = declared ? baseMime(declared) : fromPart
  if (!mime || !MEDIA_LIMITS[mime]) {
    throw new GraphError(100, {
      message:
        `(#100) Param file must be a file with one of the following types: ${SUPPORTED_MIME_TYPES.join(', ')}. ` +
        `Received file of type '${mime ?? 'unknown'}'.`,
    })
  }
  if (declared && fromPart && fromPart !== mime) {
    throw waError(
      131053,
      `The type parameter (${mime}) does not match the file's Content-Type (${fromPart}).`,
    )
  }
  const limit = MEDIA_LIMITS[mime]?.maxBytes ?? 0
  if (file.data.length === 0) throw waError(131053, 'The uploaded file is empty.')
  if (file.data.length > limit) {
    throw waError(
      131053,
      `File size (${file.data.length} bytes) exceeds the ${limit}-byte limit for ${mime}.`,
    )
  }
  if (!contentMatches(mime, file.data)) {
    throw waError(131053, `The file's content does not match its MIME type ${mime}.`)
  }
  const media = storeMedia(ctx.world, {
    phoneId: phone.id,
    wabaId: phone.waba_id,
    // Copy out of the request buffer so the rest of the body can be collected.
    bytes: Buffer.from(file.data),
    mime,
    filename: file.filename || null,
    ttlMs: UPLOAD_TTL_MS,
  })
  return { id: media.id }
}

function mediaFor(call: GraphCall, ctx: GraphContext): Media {
  const media = ctx.world.media.get(call.id)
  denyUnless(
    media !== undefined &&
      media.expires_at > ctx.world.clock.now() &&
      canAccessWaba(ctx.world, call.principal, media.waba_id),
    call,
  )
  const phoneId = stringParam(call.params, 'phone_number_id')
  denyUnless(phoneId === undefined || phoneId === media?.phone_id, call)
  return media as Media
}

function pruneUrls(world: World, now: number): void {
  if (world.mediaUrls.size < 1000) return
  for (const [hash, grant] of world.mediaUrls)
    if (grant.expires_at <= now) world.mediaUrls.delete(hash)
}

/** A download URL for media, valid 5 minutes on the virtual clock (lookaside-style query). */
export function grantMediaUrl(world: World, mediaId: string, origin: string): string {
  const now = world.clock.now()
  pruneUrls(world, now)
  const hash = opaqueToken(18)
  const expires = now + MEDIA_URL_TTL_MS
  world.mediaUrls.set(hash, { media_id: mediaId, expires_at: expires })
  const url = new URL(DOWNLOAD_PATH, origin)
  url.searchParams.set('mid', mediaId)
  url.searchParams.set('ext', String(Math.floor(expires / 1000)))
  url.searchParams.set('hash', hash)
  return url.toString()
}

export function getMedia(call: GraphCall, ctx: GraphContext): unknown {
  const media = mediaFor(call, ctx)
  return {
    messaging_product: 'whatsapp',
    url: grantMediaUrl(ctx.world, media.id, call.url.origin),
    mime_type: media.mime_type,
    sha256: media.sha256,
    file_size: media.file_size,
    id: media.id,
  }
}

export function deleteMedia(call: GraphCall, ctx: GraphContext): unknown {
  const media = mediaFor(call, ctx)
  ctx.world.media.delete(media.id)
  ctx.world.forget(media.id)
  return success
}

/** The download itself: binary with Content-Type; 401 without a valid token, 404 otherwise. */
export function downloadMedia(
  world: World,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  credential: string | null,
): void {
  const plain = (status: number, text: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    })
    res.end(text)
  }
  let principal
  try {
    principal = authenticate(world, credential)
  } catch {
    plain(401, 'Unauthorized: the media URL needs the access token as "Authorization: Bearer".')
    return
  }
  const hash = url.searchParams.get('hash') ?? ''
  const grant = world.mediaUrls.get(hash)
  const media = grant && world.media.get(grant.media_id)
  const now = world.clock.now()
  if (
    !grant ||
    !media ||
    grant.media_id !== url.searchParams.get('mid') ||
    grant.expires_at <= now ||
    media.expires_at <= now ||
    !canAccessWaba(world, principal, media.waba_id)
  ) {
    plain(404, 'Not found: the media URL has expired or the media no longer exists.')
    return
  }
  res.writeHead(200, {
    'Content-Type': media.mime_type,
    'Content-Length': media.file_size,
    'Content-Disposition': `attachment; filename="${(media.filename ?? media.id).replace(/"/g, '')}"`,
  })
  res.end(req.method === 'HEAD' ? undefined : media.bytes)
}
