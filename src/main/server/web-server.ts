import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { WS_PATH } from '@shared/contract/wire'
import { newToken, tokensEqual } from '@server-kit/http/bearer'
import {
  checkOrigin,
  loopbackHosts,
  loopbackOrigins,
  requestTarget,
} from '@server-kit/http/loopback'
import { HttpRefusal } from '@server-kit/http/refusal'
import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import { mediaResponse, type ReadMedia } from '../media/serve'
import type { Router } from '../router'
import { rendererCsp } from '../renderer-files'
import { readStaticFile } from './static-files'
import { cookieValue, SESSION_COOKIE } from './web-auth'
import { createWebSocketTransport } from './ws-transport'

export interface WebServerOptions {
  router: Router
  events: CoreEvents
  log: Logger
  /** The built renderer (out/renderer). */
  staticDir: string
  port: number
  host?: string
  /** Stored media (GET /media/<sha256>), served only to the authenticated session. */
  media?: ReadMedia
}

export interface WebServer {
  port: number
  /** Open this to start: it carries the per-launch token. */
  url: string
  close(): Promise<void>
}

const CSP = (port: number) => rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`])

function baseHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': CSP(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    // Not `same-origin`: that would cut the Embedded Signup launcher popup (another origin) off
    // from this page, so it could not post its result back. Pages that open the console still
    // get no handle on it.
    'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
    'Cache-Control': 'no-store',
  }
}

/**
 * Browser mode: serves the renderer and the loopback WebSocket transport on 127.0.0.1. The token
 * printed at start is exchanged once for an HttpOnly, SameSite=Strict cookie; the WebSocket upgrade
 * requires that cookie, one of our Host names, and one of our Origins.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1'
  const token = newToken()
  const log = options.log.child({ component: 'web' })
  const transport = createWebSocketTransport({
    router: options.router,
    events: options.events,
    log,
  })
  // One frame may carry a media:upload (16 MB as base64, MAX_UPLOAD_BYTES); sockets are
  // authenticated before they are accepted.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 24 * 1024 * 1024 })
  let port = options.port

  const authenticated = (req: IncomingMessage) =>
    tokensEqual(cookieValue(req, SESSION_COOKIE), token)

  const respond = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(status, { ...baseHeaders(port), 'Content-Type': type, ...extra })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL
    try {
      url = requestTarget(req, loopbackHosts(port, host))
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error
      return respond(res, error.status, error.message, 'text/plain; charset=utf-8')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return respond(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', {
        Allow: 'GET, HEAD',
      })

    const offered = url.searchParams.get('token')
    if (offered !== null) {
      if (!tokensEqual(offered, token)) {
        log.warn('web.bad-token')
        return respond(
          res,
          403,
          'This link is not valid for the running console. Use the WAPC_WEB_URL printed when the console started.',
          'text/plain; charset=utf-8',
        )
      }
      // Trade the token for a cookie and drop it from the address bar (and from history/referrers).
      return respond(res, 302, '', 'text/plain; charset=utf-8', {
        Location: '/',
        'Set-Cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      })
    }
    if (options.media && url.pathname.startsWith('/media/')) {
      if (!authenticated(req)) return respond(res, 401, 'Unauthorized', 'text/plain; charset=utf-8')
      const media = mediaResponse(options.media, url.pathname)!
      const { 'Content-Type': type, ...headers } = media.headers
      return respond(res, media.status, req.method === 'HEAD' ? '' : media.body, type!, headers)
    }
    if (url.pathname === '/session') {
      return authenticated(req)
        ? respond(res, 200, '{"ok":true}', 'application/json')
        : respond(res, 401, '{"ok":false}', 'application/json')
    }
    const file = await readStaticFile(options.staticDir, url.pathname)
    if (file) return respond(res, 200, req.method === 'HEAD' ? '' : file.body, file.contentType)
    // Client-side routes fall back to the app shell; asset-looking paths get a real 404.
    if (!/\.[a-z0-9]+$/i.test(url.pathname)) {
      const shell = await readStaticFile(options.staticDir, '/index.html')
      if (shell) return respond(res, 200, shell.body, shell.contentType)
      return respond(
        res,
        503,
        'The renderer is not built. Run `npm run build:renderer`.',
        'text/plain; charset=utf-8',
      )
    }
    respond(res, 404, 'Not found', 'text/plain; charset=utf-8')
  }

  const reasons: Record<number, string> = { 403: 'Forbidden', 421: 'Misdirected Request' }
  const refuseUpgrade = (socket: Duplex, status: number, reason: string) => {
    log.warn('web.upgrade-refused', { status, reason })
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('web.request-failed', { error })
      if (!res.headersSent) respond(res, 500, 'Internal error', 'text/plain; charset=utf-8')
      else res.destroy()
    })
  })
  server.on('upgrade', (req, socket, head) => {
    const hosts = loopbackHosts(port, host)
    try {
      if (requestTarget(req, hosts).pathname !== WS_PATH)
        return refuseUpgrade(socket, 404, 'Not Found')
      checkOrigin(req, loopbackOrigins(hosts), { required: true })
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error
      return refuseUpgrade(socket, error.status, reasons[error.status] ?? 'Bad Request')
    }
    if (!authenticated(req)) return refuseUpgrade(socket, 401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => transport.accept(ws))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      transport.close()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
