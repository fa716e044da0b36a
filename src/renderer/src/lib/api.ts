import { buildApi, type Api } from '@shared/contract/api'
import { WS_PATH } from '@shared/contract/wire'
import { useConnectionStore } from '../stores/connection-store'
import { probeSession } from './session-probe'
import { createWsTransport, type WsTransport } from './ws-transport'

interface Picked {
  api: Api
  transport: WsTransport | null
}

/**
 * Chooses the transport once: the preload's `window.api` inside Electron, otherwise a WebSocket to
 * the loopback core that served this page (browser mode).
 */
function pickApi(): Picked {
  const store = useConnectionStore.getState()
  // Typed by src/preload/api.d.ts; absent in browser mode.
  const preloaded = window.api
  if (preloaded) {
    store.setTransport('ipc')
    store.setState('open')
    return { api: preloaded, transport: null }
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const transport = createWsTransport({
    url: `${scheme}://${location.host}${WS_PATH}`,
    probe: () => probeSession(new URL('/session', location.href).href),
    onState: (state) => useConnectionStore.getState().setState(state),
    onReconnected: () => useConnectionStore.getState().markReconnected(),
  })
  store.setTransport('websocket')
  transport.start()
  return { api: buildApi(transport.invoke, transport.subscribe), transport }
}

const picked = pickApi()

export const api: Api = picked.api

/** Reconnects now instead of waiting for the next backoff step (no-op inside Electron). */
export const retryConnection = (): void => picked.transport?.retryNow()
