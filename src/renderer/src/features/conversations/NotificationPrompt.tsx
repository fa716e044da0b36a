import { useState } from 'react'
import { notificationPermission } from './notifications'

/**
 * Desktop notifications need the agent's permission once (browsers ask only after a click). In
 * Electron the app's own origin is allowed, so nothing is shown there.
 */
export function NotificationPrompt() {
  const [permission, setPermission] = useState(notificationPermission)
  if (permission === 'granted' || permission === 'unsupported') return null
  if (permission === 'denied') {
    return (
      <p className="inbox__notice muted" data-testid="notifications-denied">
        Desktop notifications are blocked for this page; allow them in the browser’s site settings
        to be told of new messages.
      </p>
    )
  }
  return (
    <p className="inbox__notice">
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => void Notification.requestPermission().then(setPermission)}
        data-testid="enable-notifications"
      >
        Turn on desktop notifications
      </button>{' '}
      <span className="muted">to be told of each new message.</span>
    </p>
  )
}
