import type { NormalisedUpdate } from './normalise-types'
import type { UpdateLocation } from './normalise-views'
import { isObject, list, str, unixSeconds } from './normalise-read'
import { normaliseEchoesChange, normaliseMessagesChange } from './normalise-messages'
import { normaliseManagementChange } from './normalise-management'

export type * from './normalise-types'
export type * from './normalise-views'

/**
 * Turns one Meta webhook POST body into domain updates (model: normalise-types.ts).
 *
 *   normaliseWebhook(body: unknown): NormalisedUpdate[]
 *
 * - Reads every entry and every change of the body: Meta batches up to 1,000 updates per POST
 *   (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint),
 *   so a reader of only `entry[0].changes[0]` loses messages.
 * - One update per inbound message, status, value-level error and message echo, and one per other
 *   change; in body order. A change that yields nothing modelled still yields an `unknown` update.
 * - Never throws. `body` may be the parsed JSON or its text; a body that is not a WhatsApp
 *   webhook, or any node that is not what Meta documents, becomes a `malformed` or `unknown`
 *   update keeping the raw node and the reason.
 * - Pure: no I/O, no clock; the same body always gives the same updates.
 */
export function normaliseWebhook(body: unknown): NormalisedUpdate[] {
  const root: UpdateLocation = {
    entryIndex: null,
    entryId: null,
    entryTimeMs: null,
    changeIndex: null,
    field: null,
    itemIndex: null,
    path: '$',
  }
  let parsed = body
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body)
    } catch {
      return [problem('malformed', root, body, null, 'the body is not JSON')]
    }
  }
  if (!isObject(parsed)) {
    return [problem('malformed', root, parsed, null, 'the body is not a JSON object')]
  }
  if (parsed.object !== 'whatsapp_business_account') {
    const object = typeof parsed.object === 'string' ? parsed.object : 'missing'
    return [
      problem('unknown', root, parsed, null, `object ${object}, not whatsapp_business_account`),
    ]
  }
  if (!Array.isArray(parsed.entry)) {
    return [problem('malformed', root, parsed, null, 'entry is not a list')]
  }
  const updates: NormalisedUpdate[] = []
  parsed.entry.forEach((entry, entryIndex) => {
    for (const update of normaliseEntry(entry, entryIndex)) updates.push(update)
  })
  if (updates.length === 0) {
    updates.push(problem('unknown', root, parsed, null, 'a webhook with no entries'))
  }
  return updates
}

function normaliseEntry(entry: unknown, entryIndex: number): NormalisedUpdate[] {
  const seconds = unixSeconds(isObject(entry) ? entry.time : undefined)
  const at: UpdateLocation = {
    entryIndex,
    entryId: str(entry, 'id'),
    entryTimeMs: seconds === null ? null : seconds * 1000,
    changeIndex: null,
    field: null,
    itemIndex: null,
    path: `entry[${entryIndex}]`,
  }
  if (!isObject(entry)) return [problem('malformed', at, entry, null, 'an entry is not an object')]
  if (!Array.isArray(entry.changes)) {
    return [problem('malformed', at, entry, at.entryId, 'an entry without a changes list')]
  }
  if (entry.changes.length === 0) {
    return [problem('unknown', at, entry, at.entryId, 'an entry with no changes')]
  }
  return list(entry, 'changes').flatMap((change, changeIndex) =>
    normaliseChange(change, { ...at, changeIndex, path: `${at.path}.changes[${changeIndex}]` }),
  )
}

function normaliseChange(change: unknown, changeAt: UpdateLocation): NormalisedUpdate[] {
  const wabaId = changeAt.entryId
  const field = str(change, 'field')
  if (!isObject(change) || field === null) {
    return [problem('malformed', changeAt, change, wabaId, 'a change without a field')]
  }
  const at: UpdateLocation = { ...changeAt, field, path: `${changeAt.path}.value` }
  const value = change.value
  if (!isObject(value)) {
    return [
      problem('malformed', at, value, wabaId, `a ${field} change whose value is not an object`),
    ]
  }
  if (field === 'messages') return normaliseMessagesChange(value, at, wabaId)
  if (field === 'smb_message_echoes') return normaliseEchoesChange(value, at, wabaId)
  return [normaliseManagementChange(field, value, at, wabaId)]
}

function problem(
  kind: 'malformed' | 'unknown',
  at: UpdateLocation,
  raw: unknown,
  wabaId: string | null,
  reason: string,
): NormalisedUpdate {
  return { kind, at, raw, issues: [], wabaId, reason }
}
