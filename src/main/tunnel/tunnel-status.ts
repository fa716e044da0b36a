import type { TunnelStatus } from '@shared/contract/tunnel'

/** Where the relay stands, from the welcome and the heartbeats (cursors are the relay's, opaque). */
export interface RelayHead {
  cursor: string | null
  /** The relay's receive time of its newest event (epoch ms), when a heartbeat said so. */
  receivedAt: number | null
}

/** The newest event applied in this session. */
export interface AppliedHead {
  cursor: string
  receivedAt: number
}

/**
 * How far behind the relay this desktop is. Cursors may not be compared or subtracted (protocol),
 * so the count of events behind is only known to be 0 (caught up); the time behind is the gap
 * between the relay's newest receive time and that of the newest event applied.
 */
export function lagOf(
  caughtUp: boolean,
  head: RelayHead | null,
  applied: AppliedHead | null,
): TunnelStatus['lag'] {
  if (!head) return { events: null, seconds: null }
  if (head.cursor === null || head.cursor === applied?.cursor) return { events: 0, seconds: 0 }
  if (caughtUp && (applied === null || head.receivedAt === null))
    return { events: null, seconds: 0 }
  const seconds =
    head.receivedAt !== null && applied !== null
      ? Math.max(0, (head.receivedAt - applied.receivedAt) / 1000)
      : null
  return { events: null, seconds }
}

export interface StatusBoard {
  get(): TunnelStatus
  /** Merges a change; the change is published at once (state changes) or within `throttleMs`. */
  set(patch: Partial<TunnelStatus>): void
  close(): void
}

/**
 * Holds the tunnel's status and publishes it: a change of state or error goes out immediately,
 * counters and lag at most every `throttleMs` (a busy stream would otherwise push per batch).
 */
export function createStatusBoard(
  initial: TunnelStatus,
  publish: (status: TunnelStatus) => void,
  throttleMs = 250,
): StatusBoard {
  let status = initial
  let timer: NodeJS.Timeout | undefined
  let dirty = false
  const emit = () => {
    clearTimeout(timer)
    timer = undefined
    dirty = false
    publish(status)
  }
  return {
    get: () => status,
    set(patch) {
      const urgent =
        (patch.state !== undefined && patch.state !== status.state) ||
        (patch.error !== undefined && patch.error?.message !== status.error?.message) ||
        (patch.resyncSince !== undefined && patch.resyncSince !== status.resyncSince)
      status = { ...status, ...patch }
      dirty = true
      if (urgent) return emit()
      timer ??= setTimeout(() => dirty && emit(), throttleMs)
    },
    close() {
      clearTimeout(timer)
    },
  }
}
