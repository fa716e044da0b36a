import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  launcherCsp,
  renderLauncherPage,
  type LauncherPageOptions,
} from '@shared/signup/launcher-page'

/**
 * Answers `GET|HEAD /signup/launcher` with the Embedded Signup launcher page: a fresh CSP nonce per
 * response, the page's own Content-Security-Policy, never cached, no referrer. The sandbox serves it
 * with itself as the SDK and event origin; the relay with Meta's SDK and hosts.
 */
export function sendLauncherPage(
  req: IncomingMessage,
  res: ServerResponse,
  options: Omit<LauncherPageOptions, 'nonce'>,
): void {
  const page = { ...options, nonce: randomBytes(16).toString('base64') }
  const body = renderLauncherPage(page)
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'content-security-policy': launcherCsp(page),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}
