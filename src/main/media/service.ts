import type { ChannelOutput, MediaView } from '@shared/contract'
import { AppError } from '@shared/contract/errors'
import { MAX_UPLOAD_BYTES } from '@shared/contract/outbox'
import { baseMime, contentMatches, MEDIA_LIMITS } from '@shared/whatsapp/media-types'
import type { GraphApi } from '../graph'
import type { Logger } from '../logger'
import { prep } from '../messaging/sql'
import type { MediaApi } from '../outbox/services'
import { requireSendable, senderById } from '../outbox/sender'
import type { Db } from '../store/database'
import { readMediaFile, storeMediaFile } from './files'
import { insertUploaded, mediaByFile, mediaById } from './repo'

/** Where the renderer loads a stored file: the web server and the app:// handler serve it. */
export const MEDIA_PATH = '/media/'

export interface MediaServiceDeps {
  db: Db
  dataDir: string
  graph: Pick<GraphApi, 'media'>
  log: Logger
  now: () => number
}

/** A stored file as the web server and the app:// protocol serve it. */
export interface ServedMedia {
  bytes: Buffer
  mimeType: string
  filename: string | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const none: MediaView = {
  state: 'none',
  url: null,
  mimeType: null,
  filename: null,
  size: null,
  sha256: null,
  error: null,
  nextAttemptAt: null,
}

export function createMediaService(deps: MediaServiceDeps): MediaApi & {
  /** The stored file named `file` (the part of the URL after /media/), or null. */
  read(file: string): ServedMedia | null
} {
  const { db } = deps
  return {
    async upload(input): Promise<ChannelOutput<'media:upload'>> {
      const sender = requireSendable(senderById(db, input.clientId))
      const mimeType = baseMime(input.mimeType)
      const limit = MEDIA_LIMITS[mimeType]
      if (!limit)
        throw new AppError('VALIDATION', `WhatsApp does not take ${mimeType} files.`, {
          fix: 'Send JPEG or PNG images, MP4 or 3GPP video, AAC/AMR/MP3/M4A/OGG audio, WebP stickers, or PDF, Office or text documents.',
        })
      const bytes = Buffer.from(input.dataBase64, 'base64')
      if (bytes.length === 0) throw new AppError('VALIDATION', 'The file is empty.')
      const max = Math.min(limit.maxBytes, MAX_UPLOAD_BYTES)
      if (bytes.length > max)
        throw new AppError(
          'VALIDATION',
          `The file is ${(bytes.length / 1048576).toFixed(1)} MB; WhatsApp takes ${limit.kind} files up to ${(max / 1048576).toFixed(1)} MB here.`,
          { fix: 'Send a smaller file, or a link to it.' },
        )
      if (!contentMatches(mimeType, bytes))
        throw new AppError('VALIDATION', `The file's content is not ${mimeType}.`, {
          fix: 'Pick the file again; its type may be wrong.',
        })
      const { id } = await deps.graph.media.upload(sender.wabaId, sender.phoneNumberId, {
        bytes,
        mimeType,
        filename: input.filename,
      })
      const stored = storeMediaFile(deps.dataDir, bytes)
      insertUploaded(
        db,
        { mediaId: id, mimeType, filename: input.filename, ...stored, size: bytes.length },
        deps.now(),
      )
      deps.log.info('media.uploaded', {
        clientId: input.clientId,
        kind: limit.kind,
        size: bytes.length,
      })
      return { mediaId: id, kind: limit.kind, mimeType, size: bytes.length, sha256: stored.sha256 }
    },

    get(messageId): MediaView {
      const message = prep<[number], { media_id: string | null }>(
        db,
        'SELECT media_id FROM messages WHERE id = ?',
      ).get(messageId)
      if (!message) throw new AppError('NOT_FOUND', `No message ${messageId}.`)
      const row = message.media_id ? mediaById(db, message.media_id) : undefined
      if (!row) return none
      return {
        state: row.state,
        url: row.state === 'stored' && row.file ? `${MEDIA_PATH}${row.file}` : null,
        mimeType: row.mime_type,
        filename: row.filename,
        size: row.size,
        sha256: row.sha256,
        error: row.state === 'stored' ? null : row.last_error,
        nextAttemptAt: row.state === 'stored' ? null : iso(row.next_attempt_at),
      }
    },

    read(file) {
      const row = mediaByFile(db, file)
      if (!row) return null
      const bytes = readMediaFile(deps.dataDir, file)
      if (!bytes) return null
      return {
        bytes,
        mimeType: row.mime_type ?? 'application/octet-stream',
        filename: row.filename,
      }
    },
  }
}

export type MediaService = ReturnType<typeof createMediaService>
