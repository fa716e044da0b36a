import { backoffDelay, type Backoff } from '@shared/backoff'
import { AppError } from '@shared/contract/errors'
import type { CoreEvents } from '../core-events'
import type { GraphApi } from '../graph'
import { turnSafely } from '../background-turn'
import type { Logger } from '../logger'
import { senderByNumber } from '../outbox/sender'
import type { Db } from '../store/database'
import { sha256Hex, sha256Matches, storeMediaFile } from './files'
import {
  dueDownloads,
  markFailed,
  markStored,
  messagesWithMedia,
  nextDownloadDue,
  numberOfMedia,
  type MediaRecord,
} from './repo'

export interface DownloaderOptions {
  /** Downloads at once. */
  concurrency: number
  /** Between tries of one download; it is never given up. */
  backoff: Backoff
  /** The longest the downloader sleeps (it also wakes when messages arrive). */
  idleMs: number
}

export const DEFAULT_DOWNLOADER_OPTIONS: DownloaderOptions = {
  concurrency: 4,
  backoff: { baseMs: 2_000, capMs: 10 * 60_000, jitter: 'equal' },
  idleMs: 30_000,
}

export interface DownloaderDeps {
  db: Db
  dataDir: string
  graph: Pick<GraphApi, 'media'>
  events: Pick<CoreEvents, 'emit' | 'subscribe'>
  log: Logger
  now: () => number
  options: DownloaderOptions
}

const reason = (error: unknown) =>
  AppError.is(error) || error instanceof Error ? error.message : String(error)

/**
 * Downloads received media into `<data dir>/media/` (media-files.ts): Meta's URL is fetched right
 * before each download (it lives 5 minutes) and downloaded with the client's Bearer token; the
 * bytes must hash to Meta's sha256 (the media object's and the webhook's). A failure — no client
 * owns the number yet, an expired token, a network error, a wrong hash — is kept with its reason
 * and tried again with backoff until the file is stored: media is never given up.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media
 */
export function startMediaDownloader(deps: DownloaderDeps) {
  const { db, options } = deps
  const active = new Set<string>()
  const running = new Set<Promise<void>>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  async function download(row: MediaRecord): Promise<void> {
    const phoneNumberId = numberOfMedia(db, row.media_id)
    if (!phoneNumberId) throw new Error('no message names this media')
    const { wabaId } = senderByNumber(db, phoneNumberId)
    const info = await deps.graph.media.info(wabaId, row.media_id)
    const { bytes, contentType } = await deps.graph.media.download(wabaId, info.url)
    const hex = sha256Hex(bytes)
    for (const expected of [info.sha256, row.expected_sha256])
      if (expected && !sha256Matches(expected, hex))
        throw new Error(`the file does not match Meta's sha256 (${expected}); got ${hex}`)
    const stored = storeMediaFile(deps.dataDir, bytes)
    markStored(
      db,
      row.media_id,
      {
        ...stored,
        size: bytes.length,
        mimeType: info.mime_type ?? (contentType.split(';')[0] || null),
      },
      deps.now(),
    )
  }

  async function run(row: MediaRecord) {
    try {
      await download(row)
      deps.log.info('media.stored', { mediaId: row.media_id, attempts: row.attempts + 1 })
    } catch (error) {
      const now = deps.now()
      const wait = backoffDelay(row.attempts, options.backoff)
      markFailed(db, row.media_id, reason(error), now + wait, now)
      deps.log.warn('media.download-failed', {
        mediaId: row.media_id,
        attempts: row.attempts + 1,
        error: reason(error),
      })
    } finally {
      active.delete(row.media_id)
    }
    const messageIds = messagesWithMedia(db, row.media_id)
    if (messageIds.length > 0) deps.events.emit('media:changed', { messageIds })
  }

  function tick() {
    timer = null
    if (stopped) return
    if (!turnSafely(deps.log, 'media.turn-failed', turnOnce))
      timer = setTimeout(tick, options.idleMs)
  }

  function turnOnce() {
    const now = deps.now()
    const room = options.concurrency - active.size
    const fresh = dueDownloads(db, now, options.concurrency + active.size).filter(
      (row) => !active.has(row.media_id),
    )
    for (const row of fresh.slice(0, Math.max(0, room))) {
      active.add(row.media_id)
      const job = run(row)
        .then(kick, (error: unknown) => {
          // Its outcome could not be recorded (the database cannot be written): the row is still
          // due, so look again after idleMs rather than download it again at once.
          deps.log.error('media.record-failed', { mediaId: row.media_id, error })
          if (stopped) return
          if (timer) clearTimeout(timer)
          timer = setTimeout(tick, options.idleMs)
        })
        .finally(() => running.delete(job))
      running.add(job)
    }
    // More due than room: each finished download kicks the next.
    if (fresh.length > room) return
    const next = nextDownloadDue(db, now)
    timer = setTimeout(tick, next === null ? options.idleMs : Math.min(options.idleMs, next - now))
  }

  function kick() {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(tick, 0)
  }

  // New media is queued by the ingest transaction (migration 0006's triggers).
  const unsubscribe = deps.events.subscribe((event) => {
    if (event === 'messages:received' || event === 'tunnel:events-projected') kick()
  })
  kick()
  return {
    kick,
    async stop() {
      stopped = true
      unsubscribe()
      if (timer) clearTimeout(timer)
      await Promise.allSettled([...running])
    },
  }
}
