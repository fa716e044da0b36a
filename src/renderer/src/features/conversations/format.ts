import type { MessageRow } from '@shared/contract/messaging'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** `23 h 05 min`, `42 min`, `under a minute`: what is left of a window, for the countdown. */
export function formatRemaining(ms: number): string {
  if (ms < MINUTE) return 'under a minute'
  const hours = Math.floor(ms / HOUR)
  const minutes = Math.floor((ms % HOUR) / MINUTE)
  if (hours === 0) return `${minutes} min`
  return `${hours} h ${String(minutes).padStart(2, '0')} min`
}

/** The list's time column: the time for today, the date before. */
export function formatListTime(iso: string | null, now: number): string {
  if (!iso) return ''
  const date = new Date(iso)
  const today = new Date(now)
  if (date.toDateString() === today.toDateString()) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  }
  return date.toLocaleDateString([], { day: 'numeric', month: 'short' })
}

/** A bubble's time. */
export const formatBubbleTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** The day separator in a thread. */
export const formatDay = (iso: string): string =>
  new Date(iso).toLocaleDateString([], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })

const typeLabels: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  voice: 'Voice message',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  contacts: 'Contact card',
  interactive: 'Interactive message',
  button: 'Button reply',
  reaction: 'Reacted to a message',
  order: 'Order',
  template: 'Template',
  system: 'System message',
  unsupported: 'Unsupported message',
  unknown: 'Message sent from another tool',
}

/** A short label for a message without text (list preview, notification body). */
export function typeLabel(type: string): string {
  return typeLabels[type] ?? `${type.charAt(0).toUpperCase()}${type.slice(1)} message`
}

/** What a preview line shows: the text, else what kind of message it is. */
export const previewText = (message: { type: string; text: string | null }): string =>
  message.text?.trim() ? message.text : typeLabel(message.type)

/** Meta's failure reason in words: the title (and details when they add something). */
export function failureReason(error: MessageRow['error']): string {
  if (!error) return 'Meta did not say why.'
  const parts = [error.title ?? error.message, error.details].filter(
    (part, i, all): part is string => Boolean(part) && all.indexOf(part) === i,
  )
  const reason = parts.length > 0 ? parts.join(': ') : 'Meta did not say why.'
  return error.code === null ? reason : `${reason} (${error.code})`
}
