import type { MessageContent, ReplyContextView, ReferralView } from '@shared/whatsapp/normalise'
import type { StatusState } from '@shared/whatsapp/status-rules'

/** A message's content as `messages` columns (see migration 0005). */
export interface ContentColumns {
  type: string
  text: string | null
  media_id: string | null
  media_url: string | null
  mime_type: string | null
  media_sha256: string | null
  media_filename: string | null
  latitude: number | null
  longitude: number | null
  reaction_to: string | null
  emoji: string | null
  reply_to: string | null
  forwarded: 0 | 1
  details: string
}

/**
 * Flat content (normalise-views.ts MessageContent) into columns: what inspect and queries need
 * as columns, everything else in `details` (JSON, absent keys for none).
 */
export function contentColumns(
  content: MessageContent,
  context: ReplyContextView | null,
  referral: ReferralView | null,
  extra: Record<string, unknown> = {},
): ContentColumns {
  const details: Record<string, unknown> = { ...extra }
  const keep = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) details[key] = value
  }
  keep('location', content.location)
  keep('contacts', content.contacts)
  keep('interactive', content.interactive)
  keep('button', content.button)
  keep('order', content.order)
  keep('system', content.system)
  keep('unsupportedType', content.unsupportedType)
  keep('voice', content.media?.voice ?? null)
  keep('animated', content.media?.animated ?? null)
  keep('context', context)
  keep('referral', referral)
  if (!content.knownType) details.knownType = false
  return {
    type: content.type,
    text: content.text,
    media_id: content.media?.id ?? null,
    media_url: content.media?.url ?? null,
    mime_type: content.media?.mimeType ?? null,
    media_sha256: content.media?.sha256 ?? null,
    media_filename: content.media?.filename ?? null,
    latitude: content.location?.latitude ?? null,
    longitude: content.location?.longitude ?? null,
    reaction_to: content.reaction?.messageId ?? null,
    emoji: content.reaction ? content.reaction.emoji : null,
    reply_to: context?.messageId ?? null,
    forwarded: context?.forwarded ? 1 : 0,
    details: JSON.stringify(details),
  }
}

export const CONTENT_COLUMNS = [
  'type',
  'text',
  'media_id',
  'media_url',
  'mime_type',
  'media_sha256',
  'media_filename',
  'latitude',
  'longitude',
  'reaction_to',
  'emoji',
  'reply_to',
  'forwarded',
  'details',
] as const satisfies readonly (keyof ContentColumns)[]

/** The status columns of an outbound message, derived from its folded StatusState. */
export interface StatusColumns {
  status: string
  sent_at: number | null
  delivered_at: number | null
  read_at: number | null
  played_at: number | null
  failed_at: number | null
  status_state: string
  error_code: number | null
  error_title: string | null
  error_message: string | null
  error_details: string | null
  failure_superseded: 0 | 1
  biz_opaque_callback_data: string | null
}

/** Every status column, in the order statusColumns gives them. */
export const STATUS_COLUMNS = [
  'status',
  'sent_at',
  'delivered_at',
  'read_at',
  'played_at',
  'failed_at',
  'status_state',
  'error_code',
  'error_title',
  'error_message',
  'error_details',
  'failure_superseded',
  'biz_opaque_callback_data',
] as const satisfies readonly (keyof StatusColumns)[]

export function statusColumns(state: StatusState, fallback: string): StatusColumns {
  const error = state.failure?.[0] ?? null
  return {
    status: state.status ?? fallback,
    sent_at: state.times.sent ?? null,
    delivered_at: state.times.delivered ?? null,
    read_at: state.times.read ?? null,
    played_at: state.times.played ?? null,
    failed_at: state.times.failed ?? null,
    status_state: JSON.stringify(state),
    error_code: error?.code ?? null,
    error_title: error?.title ?? null,
    error_message: error?.message ?? null,
    error_details: error?.details ?? null,
    failure_superseded: state.failureSuperseded ? 1 : 0,
    biz_opaque_callback_data: state.bizOpaqueCallbackData,
  }
}
