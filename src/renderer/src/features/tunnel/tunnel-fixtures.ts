import type { TunnelStatus } from '@shared/contract/tunnel'

/** A tunnel status for component tests (valid against the contract), with overrides. */
export function tunnelStatus(overrides: Partial<TunnelStatus> = {}): TunnelStatus {
  return {
    relay: 'embedded',
    relayUrl: 'http://127.0.0.1:5181',
    state: 'connected',
    lag: { events: 0, seconds: 0 },
    lastEventAt: '2026-03-02T10:00:00.000Z',
    eventsApplied: 1234,
    inboxBacklog: 0,
    resyncSince: null,
    retryAt: null,
    error: null,
    ...overrides,
  }
}
