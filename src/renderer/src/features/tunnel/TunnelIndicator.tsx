import { useQuery } from '@tanstack/react-query'
import { tunnelStatusQuery } from '../../queries/tunnel-queries'
import { lagText, relayText, tunnelDot, tunnelStateText } from './tunnel-format'

/**
 * The status bar's view of the webhook tunnel: state and lag, live from `tunnel:state-changed`.
 * The title gives the relay, the newest event and the error's fix.
 */
export function TunnelIndicator() {
  const { data: status } = useQuery(tunnelStatusQuery())
  if (!status) return null
  const lag = status.state === 'off' ? null : lagText(status.lag)
  const title = [
    relayText(status),
    status.lastEventAt
      ? `Newest event: ${new Date(status.lastEventAt).toLocaleString()}`
      : 'No events yet',
    `${status.eventsApplied.toLocaleString()} events received`,
    status.error ? `${status.error.message}${status.error.fix ? ` ${status.error.fix}` : ''}` : '',
  ]
    .filter(Boolean)
    .join('\n')
  return (
    <div
      className="status-bar__item"
      data-testid="status-tunnel"
      data-state={status.state}
      title={title}
    >
      <span className={`status-dot status-dot--${tunnelDot[status.state]}`} aria-hidden="true" />
      <span>
        Webhooks: {tunnelStateText[status.state]}
        {status.resyncSince ? ' (re-syncing)' : ''}
      </span>
      {lag ? (
        <span className="status-bar__muted" data-testid="status-tunnel-lag">
          {lag}
        </span>
      ) : null}
      {status.inboxBacklog > 0 ? (
        <span className="status-bar__muted" data-testid="status-tunnel-inbox">
          filling the inbox: {status.inboxBacklog.toLocaleString()} left
        </span>
      ) : null}
      {status.state === 'disconnected' && status.retryAt ? (
        <span className="status-bar__muted">
          retry at {new Date(status.retryAt).toLocaleTimeString()}
        </span>
      ) : null}
    </div>
  )
}
