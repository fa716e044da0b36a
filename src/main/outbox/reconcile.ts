import type { OutboxError } from '@shared/contract/outbox'
import type { Db } from '../store/database'
import { recordFailed, recordSent, type Recorded } from './record'
import { lateConfirmed, sendingRows } from './repo'

export interface ReconcileOptions {
  /** How long a send nobody is waiting on may stay unconfirmed before it is decided. */
  windowMs: number
  /** When this process started (a row left by a crash gets a full window from here). */
  startedAt: number
  /** Whether webhooks are arriving and caught up (the tunnel is connected). */
  caughtUp: () => boolean
}

const duration = (ms: number) =>
  ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 60_000)} minutes`

const notConfirmed = (windowMs: number): OutboxError => ({
  code: null,
  title: 'Not confirmed',
  message:
    `Meta did not confirm this message within ${duration(windowMs)} of the send attempt (the app ` +
    'stopped, or the answer was lost). It may or may not have reached the customer, so it is ' +
    'not sent again automatically.',
  fix: 'Check with the customer; Retry sends it again.',
  retryable: true,
})

/**
 * The reconciliation rule for sends whose outcome was not recorded — a crash between handing the
 * message to Meta and recording the answer, or an answer lost to a timeout (docs/messaging.md,
 * "Never a double send"). Such a row stays `sending` and is never re-sent blindly:
 * 1. when a status webhook carrying its outbox id (`biz_opaque_callback_data`) arrives, ingestion
 *    gives its message row the wamid; here the row becomes `sent` with that wamid;
 * 2. when no such webhook came within the window — counted from the later of the send and this
 *    process's start, and only while webhooks are flowing — Meta most likely never got it: the
 *    row fails as "Not confirmed", retryable by hand only;
 * 3. if the webhook still comes after that, the row becomes `sent` after all.
 */
export function reconcile(
  db: Db,
  inFlight: ReadonlySet<string>,
  now: number,
  options: ReconcileOptions,
  out: Recorded,
): void {
  const orphans = sendingRows(db).filter((row) => !inFlight.has(row.id))
  const late = lateConfirmed(db)
  if (orphans.length === 0 && late.length === 0) return
  db.transaction(() => {
    for (const row of orphans) {
      if (row.message_wamid !== null) {
        recordSent(db, row, row.message_wamid, ['sending'], now, out)
        continue
      }
      const since = Math.max(row.sending_since ?? row.updated_at, options.startedAt)
      if (now - since >= options.windowMs && options.caughtUp())
        recordFailed(db, row, notConfirmed(options.windowMs), ['sending'], now, out, true)
    }
    for (const row of late) recordSent(db, row, row.message_wamid, ['failed'], now, out)
  }).immediate()
}
