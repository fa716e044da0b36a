import type { WebSocket } from 'ws'
import { clientFrameSchema, type ServerFrame } from '@shared/contract/wire'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { Router } from '../router'

/** Don't let one slow tab make the core buffer without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/**
 * The WebSocket transport for browser mode: moves envelopes between authenticated sockets and the
 * router, and push events to every socket. No domain logic here (same as the Electron transport).
 */
export function createWebSocketTransport({
  router,
  events,
  log,
}: {
  router: Router
  events: CoreEvents
  log: Logger
}) {
  const sockets = new Set<WebSocket>()

  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn('ws.slow-consumer-closed', { buffered: socket.bufferedAmount })
      socket.close(1013, 'too slow')
      return
    }
    socket.send(JSON.stringify(frame))
  }

  const unsubscribe = events.subscribe((event, payload) => {
    for (const socket of sockets) send(socket, { type: 'event', event, payload })
  })

  return {
    /** Call for a socket whose upgrade request was already authenticated. */
    accept(socket: WebSocket) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', (error) => log.warn('ws.socket-error', { error }))
      socket.on('message', (data, isBinary) => {
        if (isBinary) return socket.close(1003, 'text frames only')
        let raw: unknown
        try {
          raw = JSON.parse(data.toString())
        } catch {
          return socket.close(1007, 'invalid JSON')
        }
        const frame = clientFrameSchema.safeParse(raw)
        if (!frame.success) {
          const id = (raw as { id?: unknown })?.id
          if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
            send(socket, {
              type: 'result',
              id,
              result: {
                ok: false,
                error: { code: 'VALIDATION', message: 'Malformed request frame', retryable: false },
              },
            })
            return
          }
          return socket.close(1008, 'malformed frame')
        }
        const { id, channel, input } = frame.data
        void router
          .dispatch(channel, input, { transport: 'web' })
          .then((result) => send(socket, { type: 'result', id, result }))
      })
    },
    get size() {
      return sockets.size
    },
    close() {
      unsubscribe()
      for (const socket of sockets) socket.close(1001, 'shutting down')
      sockets.clear()
    },
  }
}
