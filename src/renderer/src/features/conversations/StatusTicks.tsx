import type { MessageStatus } from '@shared/contract/messaging'
import type { ReactNode } from 'react'
import { Glyph } from '../../components/Icon'

/**
 * WhatsApp's ticks for an outbound message: a clock while it waits in the outbox or for Meta, ✓
 * sent, ✓✓ delivered, blue ✓✓ read (and played), a red mark when it failed. Labelled in words for
 * screen readers and tests.
 */
const ticks: Partial<Record<MessageStatus, { mark: ReactNode; label: string; tone: string }>> = {
  pending: { mark: <Glyph name="clock" />, label: 'Waiting to send', tone: 'pending' },
  accepted: { mark: <Glyph name="clock" />, label: 'Accepted by Meta', tone: 'pending' },
  sent: { mark: '✓', label: 'Sent', tone: 'sent' },
  delivered: { mark: '✓✓', label: 'Delivered', tone: 'delivered' },
  read: { mark: '✓✓', label: 'Read', tone: 'read' },
  played: { mark: '✓✓', label: 'Played', tone: 'read' },
  failed: { mark: '!', label: 'Failed', tone: 'failed' },
  unknown: { mark: '?', label: 'Status unknown', tone: 'pending' },
}

export function StatusTicks({ status }: { status: MessageStatus }) {
  const tick = ticks[status]
  if (!tick) return null
  return (
    <span
      className={`ticks ticks--${tick.tone}`}
      role="img"
      aria-label={tick.label}
      title={tick.label}
      data-testid="message-status"
      data-status={status}
    >
      {tick.mark}
    </span>
  )
}
