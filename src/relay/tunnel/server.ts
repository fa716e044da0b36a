import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { bearerToken } from '@server-kit/http/bearer'
import { MAX_DESKTOP_FRAME_BYTES } from '@shared/relay/protocol'
import { isAcceptedToken } from '../auth'
import { DesktopSession, type TunnelContext } from './session'

export interface Tunnel {
  /** Handles an HTTP upgrade to the tunnel path (auth first; refusals are plain HTTP answers). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Wakes every session's stream (new events). */
  wake(): void
  close(): void
}

/**
 * The desktops' WebSocket endpoint. Authentication happens on the upgrade request, before any
 * WebSocket exists: `Authorization: Bearer <token>` must match one of the accepted token digests
 * (401 otherwise), and a request carrying a browser `Origin` is refused (403) — the tunnel is for
 * the desktop core only, so no web page may open it with the user's network position.
 */
export function createTunnel(
  ctx: TunnelContext,
  tokenDigests: readonly Buffer[],
  instanceId: string,
): Tunnel {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_DESKTOP_FRAME_BYTES,
    perMessageDeflate: false,
  })
  let serial = 0
  const all = new Set<DesktopSession>()

  wss.on('connection', (ws) => {
    const session = new DesktopSession(ws, `${instanceId}/${++serial}`, ctx)
    all.add(session)
    ws.on('close', () => all.delete(session))
    ws.on('error', (error) => ctx.logger.warn('relay.tunnel.socket-error', { error }))
  })

  // Ping every period; a socket whose pong did not come back since the last ping is dead.
  const heartbeat = setInterval(() => {
    void ctx.log
      .head()
      .then((head) => {
        if (head)
          ctx.metrics.headReceivedAt = Math.max(ctx.metrics.headReceivedAt ?? 0, head.receivedAt)
        for (const session of all) beat(session, head)
      })
      .catch((error: unknown) => ctx.logger.warn('relay.tunnel.head-failed', { error }))
  }, ctx.heartbeatMs)
  heartbeat.unref()

  const unsubscribe = ctx.log.onAppend(() => {
    for (const session of all) void session.pump()
  })

  return {
    upgrade(req, socket, head) {
      const refusal = refuseUpgrade(req, tokenDigests)
      if (refusal) {
        ctx.logger.warn('relay.tunnel.refused', { status: refusal.status })
        socket.end(
          `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
            'Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n' +
            (refusal.status === 401 ? 'WWW-Authenticate: Bearer realm="relay"\r\n' : '') +
            `Content-Length: ${Buffer.byteLength(refusal.message)}\r\n\r\n${refusal.message}`,
        )
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    wake() {
      for (const session of all) void session.pump()
    },
    close() {
      clearInterval(heartbeat)
      unsubscribe()
      for (const session of all) session.fail('goingAway', 'The relay is shutting down.')
      // A desktop that does not answer the closing handshake is cut off rather than waited for.
      setTimeout(() => {
        for (const session of all) session.terminate()
      }, 500).unref()
      wss.close()
    },
  }

  function beat(
    session: DesktopSession,
    head: Awaited<ReturnType<TunnelContext['log']['head']>>,
  ): void {
    if (!session.alive) {
      ctx.logger.warn('relay.tunnel.dead', { desktop: session.desktopId })
      session.terminate()
      return
    }
    session.alive = false
    session.ping()
    if (session.streaming) {
      session.send({
        type: 'heartbeat',
        at: Date.now(),
        head: head?.cursor ?? null,
        headReceivedAt: head?.receivedAt ?? null,
      })
      void session.pump()
    }
  }
}

interface Refusal {
  status: number
  reason: string
  message: string
}

function refuseUpgrade(req: IncomingMessage, tokenDigests: readonly Buffer[]): Refusal | null {
  if (req.headers.origin !== undefined)
    return {
      status: 403,
      reason: 'Forbidden',
      message: 'Forbidden: the tunnel does not accept browser connections (Origin present).',
    }
  const token = bearerToken(req)
  if (!isAcceptedToken(token, tokenDigests))
    return {
      status: 401,
      reason: 'Unauthorized',
      message:
        token === null
          ? 'Unauthorized: send the desktop token as "Authorization: Bearer <token>".'
          : 'Unauthorized: the desktop token is not accepted by this relay.',
    }
  return null
}
