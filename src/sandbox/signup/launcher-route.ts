import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendLauncherPage } from '@server-kit/signup/launcher-response'
import { LAUNCHER_PATH } from '@shared/signup/launcher-protocol'

/**
 * `GET /signup/launcher`: the partner's Embedded Signup launcher page
 * (src/shared/signup/launcher-page.ts) with this sandbox as SDK and message-event origin. The
 * console opens it in sandbox mode; in live mode the relay serves the same page on the partner's
 * public HTTPS origin (SIGNUP_ORIGIN). Returns false for any other path.
 */
export function handleLauncherRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  if (url.pathname !== LAUNCHER_PATH) return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
    res.end('Method not allowed')
    return true
  }
  sendLauncherPage(req, res, { sdkUrl: `${url.origin}/en_US/sdk.js`, eventOrigins: [url.origin] })
  return true
}
