import type { InspectEntity, Row } from '../inspect/entity'

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null)

/** `npm run inspect -- outbox | templates | media`: the sending side's records (nothing secret). */
export const sendingEntities: Record<string, InspectEntity> = {
  outbox: {
    describe:
      'outbox rows, newest first: state, attempts, next try, recipient, wamid, Meta error (no payload text)',
    tables: ['outbox'],
    rows: (db, ctx) =>
      db
        .prepare<unknown[], Row>(
          `SELECT id, state, type, client_id, phone_number_id, recipient, message_id,
             conversation_id, attempts, next_attempt_at, sending_since, unconfirmed, wamid,
             error_code, error_title, error_message, created_at, updated_at
           FROM outbox WHERE created_at >= ? AND (? IS NULL OR client_id = ?)
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all(ctx.since ?? 0, ctx.client ?? null, ctx.client ?? null, ctx.limit)
        .map((row) => ({
          ...row,
          unconfirmed: row.unconfirmed === 1,
          next_attempt_at: row.state === 'queued' ? iso(row.next_attempt_at) : null,
          sending_since: iso(row.sending_since),
          created_at: iso(row.created_at),
          updated_at: iso(row.updated_at),
        })),
  },
  templates: {
    describe: 'message templates per WABA: name, language, category, Meta status and reason',
    tables: ['templates', 'clients'],
    rows: (db, ctx) =>
      db
        .prepare<unknown[], Row>(
          `SELECT t.id, (SELECT c.id FROM clients c WHERE c.waba_id = t.waba_id) AS client_id,
             t.waba_id, t.meta_id, t.name, t.language, t.category, t.status, t.reason,
             t.parameter_format, t.status_at, t.updated_at
           FROM templates t
           WHERE t.updated_at >= ? AND (? IS NULL OR t.waba_id IN
             (SELECT waba_id FROM clients WHERE id = ?))
           ORDER BY t.updated_at DESC, t.id DESC LIMIT ?`,
        )
        .all(ctx.since ?? 0, ctx.client ?? null, ctx.client ?? null, ctx.limit)
        .map((row) => ({ ...row, status_at: iso(row.status_at), updated_at: iso(row.updated_at) })),
  },
  media: {
    describe: 'media files: received (download queue: state, attempts, last error) and uploaded',
    tables: ['media_files'],
    rows: (db, ctx) =>
      db
        .prepare<[number, number], Row>(
          `SELECT media_id, direction, state, mime_type, filename, size, sha256, expected_sha256,
             attempts, next_attempt_at, last_error, created_at, updated_at
           FROM media_files WHERE updated_at >= ? ORDER BY updated_at DESC LIMIT ?`,
        )
        .all(ctx.since ?? 0, ctx.limit)
        .map((row) => ({
          ...row,
          next_attempt_at: row.state === 'stored' ? null : iso(row.next_attempt_at),
          created_at: iso(row.created_at),
          updated_at: iso(row.updated_at),
        })),
  },
}
