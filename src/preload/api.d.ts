import type { Api } from '@shared/contract/api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode, where the WebSocket client builds it. */
    api?: Api
  }
}

export {}
