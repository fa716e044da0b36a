import { useQuery } from '@tanstack/react-query'
import type { ConnectionState } from '../../lib/ws-transport'
import { retryConnection } from '../../lib/api'
import { appInfoQuery } from '../../queries/app-queries'
import { useConnectionStore, type TransportKind } from '../../stores/connection-store'
import { TunnelIndicator } from '../tunnel/TunnelIndicator'

const connectionText: Record<ConnectionState, string> = {
  connecting: 'Connecting to the core…',
  open: 'Connected',
  reconnecting: 'Connection lost — reconnecting…',
  unauthorized: 'Not authorized',
  closed: 'Disconnected',
}

const transportText: Record<TransportKind, string> = {
  ipc: 'desktop app',
  websocket: 'browser mode',
}

export function StatusBar() {
  const state = useConnectionStore((store) => store.state)
  const transport = useConnectionStore((store) => store.transport)
  const { data: info } = useQuery(appInfoQuery())

  return (
    <footer className="status-bar" aria-label="Status">
      <div
        className="status-bar__item"
        role="status"
        data-testid="status-connection"
        data-state={state}
      >
        <span className={`status-dot status-dot--${state}`} aria-hidden="true" />
        <span>{connectionText[state]}</span>
        <span className="status-bar__muted">({transportText[transport]})</span>
        {state === 'reconnecting' ? (
          <button type="button" className="link-button" onClick={retryConnection}>
            Retry now
          </button>
        ) : null}
      </div>
      <TunnelIndicator />
      {info ? (
        <div className="status-bar__item">
          <span
            className={`mode-badge mode-badge--${info.mode}`}
            data-testid="status-mode"
            data-mode={info.mode}
            title={`Data directory: ${info.dataDir}`}
          >
            {info.mode === 'sandbox' ? 'Sandbox' : 'Live'}
          </span>
          <span className="status-bar__path" title={info.dataDir}>
            <span className="visually-hidden">Data directory: </span>
            {info.dataDir}
          </span>
        </div>
      ) : null}
      {info ? <div className="status-bar__item status-bar__muted">v{info.version}</div> : null}
    </footer>
  )
}
