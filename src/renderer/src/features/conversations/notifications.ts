import type { EventPayload } from '@shared/contract/channels'
import { hrefForItem } from '../shell/routes'
import { previewText } from './format'

type Received = EventPayload<'messages:received'>['messages'][number]

/** More than this many messages in one event (a catch-up after being offline): one summary. */
export const MAX_SINGLE_NOTIFICATIONS = 3

export const notificationsSupported = (): boolean =>
  typeof window !== 'undefined' && 'Notification' in window

export const notificationPermission = (): NotificationPermission | 'unsupported' =>
  notificationsSupported() ? Notification.permission : 'unsupported'

function show(title: string, body: string, tag: string, conversationId: number | null): void {
  const notification = new Notification(title, { body, tag })
  notification.onclick = () => {
    window.focus()
    if (conversationId !== null)
      window.location.hash = hrefForItem('conversations', String(conversationId))
    notification.close()
  }
}

/**
 * A desktop notification for each new inbound message (the Notification API, in the browser
 * after the agent allowed it, in Electron for the app's own origin). Not for a message the agent
 * is looking at (its thread open in a focused window). A catch-up batch of more than
 * MAX_SINGLE_NOTIFICATIONS gives one summary instead of a flood.
 */
export function notifyInbound(
  messages: readonly Received[],
  isViewing: (conversationId: number) => boolean,
): number {
  if (notificationPermission() !== 'granted') return 0
  const fresh = messages.filter((message) => !isViewing(message.conversationId))
  if (fresh.length === 0) return 0
  if (fresh.length > MAX_SINGLE_NOTIFICATIONS) {
    const conversations = new Set(fresh.map((message) => message.conversationId))
    const only = conversations.size === 1 ? fresh[0]!.conversationId : null
    show(
      `${fresh.length} new messages`,
      conversations.size === 1
        ? `From ${fresh[0]!.contactName}`
        : `In ${conversations.size} conversations`,
      'wapc-inbound-summary',
      only,
    )
    return 1
  }
  for (const message of fresh) {
    show(
      message.contactName,
      previewText(message),
      `wapc-message-${message.messageId}`,
      message.conversationId,
    )
  }
  return fresh.length
}
