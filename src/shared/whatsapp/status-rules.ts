import type { ConversationView, PricingView, WebhookErrorView } from './normalise-views'

/**
 * Delivery status of an outbound message, folded from its status webhooks so that duplicates and
 * any arrival order give the same result, and a read message never flips back to sent.
 *
 *   STATUS_ORDER           sent < failed < delivered < read < played
 *   statusRank(status)     1…5, or null for a status Meta adds later
 *   mergeStatus(state, e)  the state after event e (state null = nothing received yet)
 *   foldStatuses(events)   mergeStatus over a list
 *
 * The rules (also in docs/messaging.md):
 * - Monotonic: the shown status is the highest-ranked one received. Meta sends sent → delivered →
 *   read, may skip delivered when the message is read at once, and sends played on the first play
 *   of a voice message; webhooks are retried and not ordered, so a late `sent` or `delivered`
 *   changes nothing once `read` is known.
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 * - played ≥ read: a played voice note has been delivered and opened, so it ranks above read.
 * - failed ranks above sent and below delivered. Meta sends failed when a message could not be sent
 *   or could not be delivered to the user's device. A failure after `sent` is the normal failure
 *   path (e.g. 131026 undeliverable, 131049 not delivered for ecosystem health), so it replaces
 *   sent. But delivered/read/played are receipts from the user's device: proof the message
 *   arrived, which a failure (from another device or attempt) cannot undo, so they win over
 *   failed. The failure's errors are kept (`failure`, `failureSuperseded`) to show.
 * - Each status keeps its own time: the earliest Meta timestamp reported for it (`times`).
 * - Pricing comes from the highest-ranked status carrying it (Meta puts it on sent and on one of
 *   delivered/read, the latter being the charge); the conversation from the lowest-ranked one
 *   carrying it (`sent` has its expiration).
 * - A status value this code does not know is recorded in `other` with its time and does not move
 *   the shown status.
 *
 * The state is a function of the set of events received, not of their order: each status's record
 * is the minimum of its reports under a total order, and everything else is derived from those
 * records. status-rules.test.ts checks every permutation of shuffled, duplicated sequences.
 */

export const STATUS_ORDER = ['sent', 'failed', 'delivered', 'read', 'played'] as const
export type TrackedStatus = (typeof STATUS_ORDER)[number]

const RANK: ReadonlyMap<string, number> = new Map(STATUS_ORDER.map((status, i) => [status, i + 1]))

/** 1 (sent) … 5 (played); null for a status value not in STATUS_ORDER. */
export function statusRank(status: string): number | null {
  return RANK.get(status) ?? null
}

/** What mergeStatus needs of a status webhook; a StatusUpdate (normalise-types.ts) is one. */
export interface StatusEvent {
  status: string
  /** Meta's time of the status (epoch ms); null when unreadable. */
  timestampMs: number | null
  errors?: readonly WebhookErrorView[]
  pricing?: PricingView | null
  conversation?: ConversationView | null
  bizOpaqueCallbackData?: string | null
}

/** One status as first reported. */
export interface StatusRecord {
  atMs: number | null
  errors: WebhookErrorView[]
  pricing: PricingView | null
  conversation: ConversationView | null
  bizOpaqueCallbackData: string | null
}

export interface StatusState {
  /** The status to show; null while only unknown status values were received. */
  status: TrackedStatus | null
  /** When each status was first reported (Meta's time, epoch ms); absent if never (or no time). */
  times: Partial<Record<TrackedStatus, number>>
  /** Errors of the `failed` status, if one was received, even when delivery superseded it. */
  failure: WebhookErrorView[] | null
  /** A failed status was received but a delivered/read/played receipt outranks it. */
  failureSuperseded: boolean
  pricing: PricingView | null
  conversation: ConversationView | null
  /** The `biz_opaque_callback_data` echoed by any status (the outbox id). */
  bizOpaqueCallbackData: string | null
  /** Status values Meta may add later, with their first time; they do not change `status`. */
  other: Record<string, number | null>
  /** The record of every status received, the source of everything above. */
  records: Record<string, StatusRecord>
}

/** The state after `event`; `current` is never modified. */
export function mergeStatus(current: StatusState | null, event: StatusEvent): StatusState {
  const incoming: StatusRecord = {
    atMs: event.timestampMs,
    errors: [...(event.errors ?? [])],
    pricing: event.pricing ?? null,
    conversation: event.conversation ?? null,
    bizOpaqueCallbackData: event.bizOpaqueCallbackData ?? null,
  }
  const previous = current?.records ?? {}
  const existing = Object.hasOwn(previous, event.status) ? previous[event.status] : undefined
  const chosen = existing === undefined ? incoming : earlier(existing, incoming)
  // Rebuilt with sorted keys (and fromEntries, so any status name is a plain own key).
  const entries = Object.entries(previous).filter(([status]) => status !== event.status)
  entries.push([event.status, chosen])
  entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
  return derive(Object.fromEntries(entries))
}

/** Folds events in the given order (any order gives the same state). Null for no events. */
export function foldStatuses(events: Iterable<StatusEvent>): StatusState | null {
  let state: StatusState | null = null
  for (const event of events) state = mergeStatus(state, event)
  return state
}

/**
 * The earlier of two reports of one status: the smaller time (a report without a time loses to
 * one with), then — for reports at the same time that differ — the smaller canonical JSON, so the
 * choice never depends on which arrived first.
 */
function earlier(a: StatusRecord, b: StatusRecord): StatusRecord {
  if (a.atMs !== b.atMs) {
    if (a.atMs === null) return b
    if (b.atMs === null) return a
    return a.atMs < b.atMs ? a : b
  }
  return canonical(a) <= canonical(b) ? a : b
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  )
}

function derive(records: Record<string, StatusRecord>): StatusState {
  const known = STATUS_ORDER.filter((status) => Object.hasOwn(records, status))
  const recordOf = (status: string) => records[status] as StatusRecord
  const status = known.length ? (known[known.length - 1] as TrackedStatus) : null
  const times: Partial<Record<TrackedStatus, number>> = {}
  for (const s of known) {
    const at = recordOf(s).atMs
    if (at !== null) times[s] = at
  }
  const other: Record<string, number | null> = {}
  for (const key of Object.keys(records)) {
    if (!RANK.has(key)) other[key] = recordOf(key).atMs
  }
  const failed = Object.hasOwn(records, 'failed') ? recordOf('failed') : null
  const descending = [...known].reverse()
  const all = [...known, ...Object.keys(other)]
  return {
    status,
    times,
    failure: failed ? failed.errors : null,
    failureSuperseded:
      failed !== null && status !== null && (statusRank(status) ?? 0) > (statusRank('failed') ?? 0),
    pricing: descending.map((s) => recordOf(s).pricing).find((p) => p !== null) ?? null,
    conversation: known.map((s) => recordOf(s).conversation).find((c) => c !== null) ?? null,
    bizOpaqueCallbackData:
      all.map((s) => recordOf(s).bizOpaqueCallbackData).find((d) => d !== null) ?? null,
    other,
    records,
  }
}
