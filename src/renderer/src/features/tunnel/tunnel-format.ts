import type { TunnelState, TunnelStatus } from '@shared/contract/tunnel'

export const tunnelStateText: Record<TunnelState, string> = {
  off: 'Off',
  connecting: 'Connecting…',
  'catching-up': 'Catching up',
  connected: 'Connected',
  disconnected: 'Disconnected',
}

/** The status dot's colour class (shared with the core connection's dot). */
export const tunnelDot: Record<TunnelState, string> = {
  off: 'closed',
  connecting: 'connecting',
  'catching-up': 'connecting',
  connected: 'open',
  disconnected: 'closed',
}

/** "up to date", "12 s behind", "3.5 min behind", "2.1 h behind"; null when unknown. */
export function lagText(lag: TunnelStatus['lag']): string | null {
  if (lag.events === 0 || lag.seconds === 0) return 'up to date'
  const parts: string[] = []
  if (lag.events !== null) parts.push(`${lag.events.toLocaleString()} events`)
  if (lag.seconds !== null) {
    const s = lag.seconds
    parts.push(
      s < 60
        ? `${Math.round(s)} s`
        : s < 3600
          ? `${(s / 60).toFixed(1)} min`
          : `${(s / 3600).toFixed(1)} h`,
    )
  }
  return parts.length > 0 ? `${parts.join(', ')} behind` : null
}

export function relayText(status: TunnelStatus): string {
  if (status.relay === 'embedded') return `Embedded relay (${status.relayUrl ?? 'starting'})`
  if (status.relay === 'remote') return status.relayUrl ?? 'Relay'
  return 'No relay'
}
