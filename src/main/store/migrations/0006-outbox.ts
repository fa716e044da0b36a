import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Sending (issue #9). Times are epoch ms.
 *
 * - `outbox`: every send, persisted before anything reaches Meta. `idempotency_key` (from the
 *   renderer) is unique, so a repeated request queues nothing. `id` is sent to Meta as
 *   `biz_opaque_callback_data` and comes back on every status webhook: that is how a send whose
 *   answer was lost (crash, timeout) is reconciled without sending it again. `payload` is Meta's
 *   request body as it will be sent; `sending_since` starts the reconciliation window;
 *   `unconfirmed` marks a send Meta may have received although no answer was recorded.
 * - `outbox_throughput`: messages per second per number (absent: Meta's default 80).
 * - `templates`: each WABA's message templates (one row per WABA, name and language), synced
 *   from Meta or created here; `status_at` is Meta's time of the status shown, so a late webhook
 *   never lowers a newer status. `template_syncs`: when each WABA was last synced.
 * - `media_files`: one row per Meta media id — the download queue of media received (a row is
 *   queued by the triggers below in the same transaction that stores the message, so a crash
 *   cannot lose it; failed downloads are retried with backoff until stored) and the local copy of
 *   media uploaded from here. Files live in `<data dir>/media/` under their sha256.
 */
export const migration0006: Migration = {
  id: 6,
  name: 'outbox',
  sql: `
    CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE,
      message_id INTEGER,
      conversation_id INTEGER NOT NULL,
      client_id TEXT,
      waba_id TEXT NOT NULL,
      phone_number_id TEXT NOT NULL,
      recipient TEXT NOT NULL,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      free_form INTEGER NOT NULL CHECK (free_form IN (0, 1)),
      state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      sending_since INTEGER,
      unconfirmed INTEGER NOT NULL DEFAULT 0 CHECK (unconfirmed IN (0, 1)),
      wamid TEXT,
      error_code INTEGER,
      error_title TEXT,
      error_message TEXT,
      error_fix TEXT,
      error_retryable INTEGER CHECK (error_retryable IN (0, 1)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at) WHERE state = 'queued';
    CREATE INDEX outbox_sending ON outbox (sending_since) WHERE state = 'sending';
    CREATE INDEX outbox_by_message ON outbox (message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX outbox_by_conversation ON outbox (conversation_id, created_at DESC);
    CREATE INDEX outbox_by_state ON outbox (state, created_at DESC);

    CREATE TABLE outbox_throughput (
      phone_number_id TEXT PRIMARY KEY,
      mps INTEGER NOT NULL CHECK (mps BETWEEN 1 AND 1000),
      updated_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE templates (
      id INTEGER PRIMARY KEY,
      waba_id TEXT NOT NULL,
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      meta_id TEXT,
      category TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT,
      parameter_format TEXT NOT NULL DEFAULT 'positional'
        CHECK (parameter_format IN ('positional', 'named')),
      components TEXT NOT NULL DEFAULT '[]',
      status_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (waba_id, name, language)
    ) STRICT;
    CREATE INDEX templates_by_meta_id ON templates (meta_id) WHERE meta_id IS NOT NULL;

    CREATE TABLE template_syncs (
      waba_id TEXT PRIMARY KEY,
      synced_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE media_files (
      media_id TEXT PRIMARY KEY,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
      mime_type TEXT,
      filename TEXT,
      expected_sha256 TEXT,
      sha256 TEXT,
      size INTEGER,
      file TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX media_files_due ON media_files (next_attempt_at) WHERE state <> 'stored';

    CREATE TRIGGER media_files_queue_insert AFTER INSERT ON messages
      WHEN new.media_id IS NOT NULL AND new.source <> 'outbox' BEGIN
      INSERT INTO media_files (media_id, direction, state, mime_type, filename, expected_sha256,
          next_attempt_at, created_at, updated_at)
        VALUES (new.media_id, new.direction, 'pending', new.mime_type, new.media_filename,
          new.media_sha256, 0, new.created_at, new.created_at)
        ON CONFLICT (media_id) DO NOTHING;
    END;
    CREATE TRIGGER media_files_queue_update AFTER UPDATE OF media_id ON messages
      WHEN new.media_id IS NOT NULL AND new.source <> 'outbox' BEGIN
      INSERT INTO media_files (media_id, direction, state, mime_type, filename, expected_sha256,
          next_attempt_at, created_at, updated_at)
        VALUES (new.media_id, new.direction, 'pending', new.mime_type, new.media_filename,
          new.media_sha256, 0, new.updated_at, new.updated_at)
        ON CONFLICT (media_id) DO NOTHING;
    END;
    INSERT INTO media_files (media_id, direction, state, mime_type, filename, expected_sha256,
        next_attempt_at, created_at, updated_at)
      SELECT media_id, direction, 'pending', mime_type, media_filename, media_sha256, 0,
          created_at, created_at
        FROM messages WHERE media_id IS NOT NULL AND source <> 'outbox'
        ON CONFLICT (media_id) DO NOTHING;
  `,
}
