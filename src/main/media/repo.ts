import { prep } from '../messaging/sql'
import type { Db } from '../store/database'

/** A `media_files` row (migration 0006). */
export interface MediaRecord {
  media_id: string
  direction: 'in' | 'out'
  state: 'pending' | 'stored' | 'failed'
  mime_type: string | null
  filename: string | null
  expected_sha256: string | null
  sha256: string | null
  size: number | null
  file: string | null
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
}

export const mediaById = (db: Db, mediaId: string) =>
  prep<[string], MediaRecord>(db, 'SELECT * FROM media_files WHERE media_id = ?').get(mediaId)

/** The stored file `file` (a sha256), with the type and name to serve it under. */
export const mediaByFile = (db: Db, file: string) =>
  prep<[string], MediaRecord>(
    db,
    `SELECT * FROM media_files WHERE file = ? AND state = 'stored' ORDER BY updated_at DESC LIMIT 1`,
  ).get(file)

/** Downloads whose time has come (pending, or failed and due again), oldest first. */
export const dueDownloads = (db: Db, now: number, limit: number) =>
  prep<[number, number], MediaRecord>(
    db,
    `SELECT * FROM media_files WHERE state <> 'stored' AND next_attempt_at <= ?
       ORDER BY next_attempt_at LIMIT ?`,
  ).all(now, limit)

/** When the next download falls due after `now` (null: none waiting). */
export const nextDownloadDue = (db: Db, now: number): number | null =>
  prep<[number], { at: number | null }>(
    db,
    `SELECT min(next_attempt_at) AS at FROM media_files
       WHERE state <> 'stored' AND next_attempt_at > ?`,
  ).get(now)?.at ?? null

/** The business number a received media id came to (its messages' conversation). */
export const numberOfMedia = (db: Db, mediaId: string) =>
  prep<[string], { phone_number_id: string }>(
    db,
    `SELECT c.phone_number_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.media_id = ? LIMIT 1`,
  ).get(mediaId)?.phone_number_id ?? null

export const messagesWithMedia = (db: Db, mediaId: string): number[] =>
  prep<[string], { id: number }>(db, 'SELECT id FROM messages WHERE media_id = ?')
    .all(mediaId)
    .map((row) => row.id)

export function markStored(
  db: Db,
  mediaId: string,
  stored: { file: string; sha256: string; size: number; mimeType: string | null },
  now: number,
): void {
  prep(
    db,
    `UPDATE media_files SET state = 'stored', file = ?, sha256 = ?, size = ?,
         mime_type = coalesce(?, mime_type), attempts = attempts + 1, next_attempt_at = NULL,
         last_error = NULL, updated_at = ?
       WHERE media_id = ?`,
  ).run(stored.file, stored.sha256, stored.size, stored.mimeType, now, mediaId)
}

export function markFailed(db: Db, mediaId: string, error: string, nextAt: number, now: number) {
  prep(
    db,
    `UPDATE media_files SET state = 'failed', attempts = attempts + 1, next_attempt_at = ?,
         last_error = ?, updated_at = ? WHERE media_id = ?`,
  ).run(nextAt, error, now, mediaId)
}

/** Media uploaded from here: stored at once, under Meta's new id. */
export function insertUploaded(
  db: Db,
  row: {
    mediaId: string
    mimeType: string
    filename: string
    file: string
    sha256: string
    size: number
  },
  now: number,
): void {
  prep(
    db,
    `INSERT INTO media_files (media_id, direction, state, mime_type, filename, sha256, size, file,
         created_at, updated_at)
       VALUES (?, 'out', 'stored', ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (media_id) DO NOTHING`,
  ).run(row.mediaId, row.mimeType, row.filename, row.sha256, row.size, row.file, now, now)
}
