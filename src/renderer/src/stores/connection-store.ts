import { create } from 'zustand'
import type { ConnectionState } from '../lib/ws-transport'

export type TransportKind = 'ipc' | 'websocket'

interface ConnectionStore {
  transport: TransportKind
  state: ConnectionState
  /** Incremented each time a lost connection comes back: push events may have been missed. */
  reconnects: number
  setTransport(transport: TransportKind): void
  setState(state: ConnectionState): void
  markReconnected(): void
}

/** Transport status for the status bar and the unauthorized screen. UI state only. */
export const useConnectionStore = create<ConnectionStore>()((set) => ({
  transport: 'websocket',
  state: 'connecting',
  reconnects: 0,
  setTransport: (transport) => set({ transport }),
  setState: (state) => set({ state }),
  markReconnected: () => set((current) => ({ reconnects: current.reconnects + 1 })),
}))
