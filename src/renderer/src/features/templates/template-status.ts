/**
 * Meta's template review statuses and rejection reasons, in words
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/message_template_status_update).
 */
type Tone = 'ok' | 'warning' | 'error' | 'off'

const STATUSES: Record<string, { label: string; tone: Tone }> = {
  APPROVED: { label: 'Approved', tone: 'ok' },
  PENDING: { label: 'In review', tone: 'off' },
  IN_APPEAL: { label: 'In appeal', tone: 'warning' },
  REJECTED: { label: 'Rejected', tone: 'error' },
  PAUSED: { label: 'Paused', tone: 'warning' },
  FLAGGED: { label: 'Flagged', tone: 'warning' },
  LIMIT_EXCEEDED: { label: 'Limit exceeded', tone: 'warning' },
  LOCKED: { label: 'Locked', tone: 'warning' },
  DISABLED: { label: 'Disabled', tone: 'error' },
  DELETED: { label: 'Deleted', tone: 'off' },
  PENDING_DELETION: { label: 'Being deleted', tone: 'off' },
  ARCHIVED: { label: 'Archived', tone: 'off' },
}

const REASONS: Record<string, string> = {
  ABUSIVE_CONTENT: 'abusive content',
  CATEGORY_NOT_AVAILABLE: 'the category is not available',
  INCORRECT_CATEGORY: 'incorrect category',
  INVALID_FORMAT: 'invalid format',
  PROMOTIONAL: 'promotional content in a utility template',
  SCAM: 'scam',
  TAG_CONTENT_MISMATCH: 'the content does not match the category',
}

export function templateStatus(status: string): { label: string; tone: Tone } {
  const known = STATUSES[status.toUpperCase()]
  if (known) return known
  const words = status.toLowerCase().replaceAll('_', ' ')
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: 'off' }
}

/** Why Meta rejected, paused or disabled a template; null when it gave no reason. */
export function templateReason(reason: string | null): string | null {
  if (!reason || reason.toUpperCase() === 'NONE') return null
  return REASONS[reason.toUpperCase()] ?? reason
}
