import { formatRemaining } from './format'
import { useNow } from '../../lib/now'

export interface WindowInfo {
  open: boolean
  /** Time left (ms) while open; 0 when closed. */
  remainingMs: number
  /** Null: the contact never wrote, so no window was ever open. */
  endsAt: number | null
}

/** The customer service window from the conversation's `windowEndsAt` and the current time. */
export function windowInfo(windowEndsAt: string | null, now: number): WindowInfo {
  const endsAt = windowEndsAt === null ? null : Date.parse(windowEndsAt)
  const remainingMs = endsAt === null ? 0 : Math.max(0, endsAt - now)
  return { open: remainingMs > 0, remainingMs, endsAt }
}

/**
 * The window now, re-evaluated every 30 s, and every second in its last minute so the composer
 * locks when it closes, not up to 30 s later.
 */
export function useWindow(windowEndsAt: string | null): WindowInfo {
  const coarse = useNow(30_000)
  const info = windowInfo(windowEndsAt, coarse)
  const closing = info.open && info.remainingMs <= 60_000
  const fine = useNow(closing ? 1_000 : 30_000)
  return windowInfo(windowEndsAt, Math.max(coarse, fine))
}

/**
 * The 24 h customer service window as a countdown (list rows and the thread header). `compact`:
 * only while open (a list shows which conversations may still get a free-form reply).
 */
export function WindowStatus({
  windowEndsAt,
  freeEntryEndsAt = null,
  compact = false,
}: {
  windowEndsAt: string | null
  freeEntryEndsAt?: string | null
  compact?: boolean
}) {
  const service = useWindow(windowEndsAt)
  const freeEntry = useWindow(freeEntryEndsAt)
  if (compact) {
    if (!service.open) return null
    return (
      <span
        className="window-chip"
        data-testid="window-countdown"
        title="Free-form replies allowed until the 24-hour customer service window closes"
      >
        {formatRemaining(service.remainingMs)}
      </span>
    )
  }
  return (
    <p
      className={`window-status window-status--${service.open ? 'open' : 'closed'}`}
      data-testid="window-status"
      data-open={service.open}
    >
      {service.open ? (
        <>
          Customer service window open: <strong>{formatRemaining(service.remainingMs)}</strong> left
        </>
      ) : service.endsAt === null ? (
        'The customer has not written yet: only templates can be sent.'
      ) : (
        'Customer service window closed: only templates can be sent.'
      )}
      {freeEntry.open ? (
        <span className="window-status__free">
          {' '}
          · Free entry point: {formatRemaining(freeEntry.remainingMs)} left
        </span>
      ) : null}
    </p>
  )
}
