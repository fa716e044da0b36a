/** What the transport needs to hear from a socket. `onClose` fires exactly once per socket. */
export interface SocketHandlers {
  onOpen(): void
  onMessage(data: unknown): void
  onClose(): void
}

export interface SocketHandle {
  send(data: string): void
  close(): void
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle

/** The DOM WebSocket behind the transport's small interface (tests substitute a fake). */
export const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url)
  socket.onopen = () => handlers.onOpen()
  socket.onmessage = (event: MessageEvent) => handlers.onMessage(event.data)
  // A failed connection fires 'error' then 'close'; failure is handled once, on 'close'.
  socket.onclose = () => handlers.onClose()
  return {
    send: (data) => socket.send(data),
    close: () => socket.close(1000, 'client closing'),
  }
}
