import { REDACTED } from '@shared/redact'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import type { SecretStore } from './secret-store'

/** The settings key under which earlier versions saved the webhook verify token. */
export const LEGACY_VERIFY_TOKEN_KEY = 'webhookVerifyToken'
const ACCOUNT = 'webhook-verify-token'

/**
 * Earlier versions kept the webhook verify token as a plain setting, and the audit trail recorded
 * each saved value. At start: the audit values are blanked, and a saved token moves into the
 * keychain — the user keeps the token their webhook endpoint already answers with — before its row
 * is deleted. SQLite's secure_delete zeroes the freed bytes and a truncating checkpoint empties the
 * WAL, so no copy stays in the data directory.
 *
 * Not a schema migration: migrations are SQL and run before the keychain is reachable. If the
 * keychain is unavailable the row stays, unused, and the move happens at the next start.
 */
export async function moveLegacyVerifyToken(
  db: Db,
  store: SecretStore,
  log: Logger,
): Promise<string[]> {
  const row = db
    .prepare('SELECT value FROM settings WHERE key = ?')
    .get(LEGACY_VERIFY_TOKEN_KEY) as { value: string } | undefined
  const scrub = db.prepare(
    `UPDATE audit_log SET details = json_set(details, '$.value', ?)
     WHERE subject = ? AND json_type(details, '$.value') = 'text' AND json_extract(details, '$.value') != ?`,
  )
  const needsScrub = db
    .prepare(
      `SELECT 1 FROM audit_log WHERE subject = ? AND json_type(details, '$.value') = 'text'
       AND json_extract(details, '$.value') != ? LIMIT 1`,
    )
    .get(LEGACY_VERIFY_TOKEN_KEY, REDACTED)
  if (!row && !needsScrub) return []

  const wipe = (change: () => void) => {
    const before = Number(db.pragma('secure_delete', { simple: true }))
    db.pragma('secure_delete = ON')
    try {
      change()
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      db.pragma(`secure_delete = ${before}`)
    }
  }
  if (needsScrub) wipe(() => scrub.run(REDACTED, LEGACY_VERIFY_TOKEN_KEY, REDACTED))
  if (!row) return []

  // Throws SECRET_UNAVAILABLE when the keychain cannot be used; the row is then left as it is.
  const inKeychain = await store.get(ACCOUNT)
  if (inKeychain === null) await store.set(ACCOUNT, row.value)
  wipe(() => db.prepare('DELETE FROM settings WHERE key = ?').run(LEGACY_VERIFY_TOKEN_KEY))
  const notice =
    inKeychain === null || inKeychain === row.value
      ? 'The webhook verify token saved in Settings was moved into the OS keychain; it is under Secrets now.'
      : 'The webhook verify token saved in Settings was removed: the keychain already holds one (from WEBHOOK_VERIFY_TOKEN), which is used. It is under Secrets now.'
  log.warn('secrets.verify-token-moved', { notice })
  return [notice]
}
