import { isUtf8 } from 'node:buffer'
import { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { RelayFrame } from '@shared/relay/protocol'
import type { StoredEvent } from '../log/types'

/** The TCP socket under a ws connection (ws keeps it as `_socket`), to batch writes. */
export function underlyingSocket(ws: WebSocket): Socket | undefined {
  const socket = (ws as unknown as { _socket?: unknown })._socket
  return socket instanceof Socket ? socket : undefined
}

/** The exact body bytes: as a UTF-8 string when that round-trips byte for byte, else base64. */
export function eventFrame(event: StoredEvent): RelayFrame {
  const utf8 = isUtf8(event.body)
  return {
    type: 'event',
    cursor: event.cursor,
    receivedAt: event.receivedAt,
    headers: event.headers,
    encoding: utf8 ? 'utf8' : 'base64',
    body: event.body.toString(utf8 ? 'utf8' : 'base64'),
  }
}
