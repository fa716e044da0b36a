import { createHash } from 'node:crypto'
import type { NormalisedUpdate } from '@shared/whatsapp/normalise'
import type { Db } from '../store/database'
import type { IngestContext } from './ingest-messages'
import { prep } from './sql'

/**
 * Updates that are not a message, status or echo (value errors, management changes, unknown and
 * malformed input), and messages set aside (e.g. no sender): kept raw in `webhook_updates`, once
 * each however often Meta delivers them.
 */

type OtherUpdate = Exclude<NormalisedUpdate, { kind: 'message' | 'status' | 'message_echo' }>

/**
 * Applies a management update to the rows it is about (a client, a template) inside the ingest
 * transaction; returns true when it changed something. Domains register their own (the outbox's
 * templates, …); the update is kept in `webhook_updates` either way.
 */
export type ManagementApplier = (db: Db, update: OtherUpdate) => boolean

const wabaOf = (update: NormalisedUpdate): string | null =>
  'wabaId' in update ? update.wabaId : update.at.entryId

const phoneOf = (update: NormalisedUpdate): string | null =>
  'business' in update ? update.business.phoneNumberId : null

/** A one-line summary for lists: the event, decision or error of the update. */
function summaryOf(update: NormalisedUpdate): string | null {
  switch (update.kind) {
    case 'value_error':
      return [update.error.code, update.error.title].filter((v) => v !== null).join(' ') || null
    case 'template_status':
      return [update.templateName, update.language, update.event].filter(Boolean).join(' ') || null
    case 'phone_quality':
    case 'account_update':
      return update.event
    case 'phone_name':
    case 'account_review':
      return update.decision
    case 'account_alert':
      return update.alertType
    case 'capability':
      return update.messagingLimit
    default:
      return null
  }
}

/** Records `update` (set aside for `reason`, or kept as is); false when it was already recorded. */
export function keepUpdate(
  ctx: IngestContext,
  update: NormalisedUpdate,
  options: { reason: string | null; applied: boolean },
): boolean {
  const raw = update.raw === undefined ? null : JSON.stringify(update.raw)
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([update.kind, update.at.field, update.at.entryId, raw]))
    .digest('hex')
  const reason = options.reason ?? ('reason' in update ? update.reason : null)
  const result = prep(
    ctx.db,
    `INSERT INTO webhook_updates (fingerprint, kind, field, waba_id, phone_number_id, summary,
         reason, applied, raw, at, event_seq, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
  ).run(
    fingerprint,
    update.kind,
    update.at.field,
    wabaOf(update),
    phoneOf(update),
    summaryOf(update),
    reason,
    options.applied ? 1 : 0,
    raw,
    update.at.entryTimeMs,
    ctx.eventSeq,
    ctx.receivedAt,
  )
  return result.changes > 0
}

export function applyOther(
  ctx: IngestContext,
  update: OtherUpdate,
  appliers: readonly ManagementApplier[],
): void {
  let applied = false
  for (const apply of appliers) applied = apply(ctx.db, update) || applied
  keepUpdate(ctx, update, { reason: null, applied })
}

/** A failure to apply one update (a bug, never bad input): kept with the error, never lost. */
export function keepFailure(ctx: IngestContext, update: NormalisedUpdate, error: unknown): void {
  keepUpdate(ctx, update, {
    reason: `could not be applied: ${error instanceof Error ? error.message : String(error)}`,
    applied: false,
  })
}

const SAME_NUMBER = `(? IS NULL OR display_phone_number IS NULL OR
  replace(replace(replace(display_phone_number, '+', ''), ' ', ''), '-', '') = ?)`
const digits = (value: string | null) => value?.replace(/\D/g, '') ?? null

/**
 * A messaging limit Meta changed (`phone_number_quality_update`: `max_daily_conversations_per_business`,
 * or `current_limit` in older payloads) becomes the tier on the client's phone health, for the
 * client of that WABA and number (when its health was checked once).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_quality_update
 */
export const applyMessagingLimit: ManagementApplier = (db, update) => {
  if (update.kind !== 'phone_quality' || !update.messagingLimit || !update.wabaId) return false
  const number = digits(update.displayPhoneNumber)
  return (
    prep(
      db,
      `UPDATE clients SET phone_health = json_set(phone_health, '$.messagingLimitTier', ?)
         WHERE waba_id = ? AND phone_health IS NOT NULL AND ${SAME_NUMBER}`,
    ).run(update.messagingLimit, update.wabaId, number, number).changes > 0
  )
}

/**
 * A display name Meta approved becomes the client's name
 * (`phone_number_name_update`, decision APPROVED), for the client of that WABA and number.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_name_update
 */
export const applyApprovedName: ManagementApplier = (db, update) => {
  if (update.kind !== 'phone_name' || update.decision !== 'APPROVED' || !update.requestedName)
    return false
  if (!update.wabaId) return false
  const result = prep(
    db,
    `UPDATE clients SET name = ? WHERE waba_id = ?
         AND (? IS NULL OR display_phone_number IS NULL OR
              replace(replace(replace(display_phone_number, '+', ''), ' ', ''), '-', '') = ?)`,
  ).run(
    update.requestedName,
    update.wabaId,
    update.displayPhoneNumber,
    update.displayPhoneNumber?.replace(/\D/g, '') ?? null,
  )
  return result.changes > 0
}

/** The appliers messaging owns; other domains add theirs (createMessagingService({appliers})). */
export const MESSAGING_APPLIERS: readonly ManagementApplier[] = [
  applyApprovedName,
  applyMessagingLimit,
]
