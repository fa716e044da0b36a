import type { IncomingMessage, ServerResponse } from 'node:http'
import { DIALOG_JS } from './dialog-script'
import { DIALOG_CSS } from './dialog-style'
import { handleLauncherRequest } from './launcher-route'
import { renderDialogError, renderDialogPage } from './dialog-page'
import { SDK_JS } from './sdk-script'

/**
 * HTTP routes of the Embedded Signup emulator (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). Mount before the Graph router:
 *
 *   if (handleSignupRequest(req, res, url, ctx)) return
 *
 *   GET /<locale>/sdk.js, /sdk.js     the fake JS SDK (FB.init / FB.login), CORS-readable like
 *                                     connect.facebook.net (pages load it with crossorigin)
 *   GET /vNN.N/dialog/oauth?client_id=&config_id=&extras=&origin=&cb=…   the ES v4 dialog popup
 *   GET /signup/dialog.js             the dialog's behaviour
 *   GET /signup/dialog.css            its stylesheet
 * ctx: { appId(), appName(), signupPath? (default POST /vNN.N/dialog/oauth/confirm), allowedOrigins?() }
 *   allowedOrigins() → origins allowed to receive the result (Meta's "Allowed domains"); null = any.
 * The dialog posts the user's choices to `signupPath` and relays the answer — see dialog-script.ts.
 * These are public pages, like Meta's; the sandbox's control API (`/_sandbox`, token-protected) is
 * not among them, so the confirm POST is routed to the signup by the server (http/entry.ts).
 */

export interface SignupRoutesContext {
  appId(): string
  appName(): string
  signupPath?: string
  allowedOrigins?(): readonly string[] | null
}

const SDK_PATH = /^\/(?:[a-z]{2}_[A-Z]{2}\/)?sdk\.js$/
const DIALOG_PATH = /^\/(v\d+\.\d+)\/dialog\/oauth\/?$/
/** Where the dialog posts the user's choices (Meta's dialog confirms at the same path). */
export const DIALOG_CONFIRM_PATH = /^\/v\d+\.\d+\/dialog\/oauth\/confirm\/?$/
export const DIALOG_JS_PATH = '/signup/dialog.js'
export const DIALOG_CSS_PATH = '/signup/dialog.css'

const DIALOG_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'x-content-type-options': 'nosniff',
    ...headers,
  })
  res.end(body)
}

const asset = (
  res: ServerResponse,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) => send(res, 200, type, body, { 'cache-control': 'no-cache', ...extra })

/** `http(s)://host[:port]` exactly — the targetOrigin the dialog will post to. */
function openerOrigin(raw: string | null): string | null {
  if (!raw) return null
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    return url.origin === raw ? raw : null
  } catch {
    return null
  }
}

function parseExtras(raw: string | null): Record<string, unknown> {
  if (!raw) return {}
  try {
    const value: unknown = JSON.parse(raw)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

function dialog(res: ServerResponse, url: URL, version: string, ctx: SignupRoutesContext): void {
  const q = url.searchParams
  const html = (status: number, body: string) =>
    send(res, status, 'text/html; charset=utf-8', body, {
      'content-security-policy': DIALOG_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    })
  const appId = q.get('client_id') ?? q.get('app_id')
  if (!appId || appId !== ctx.appId()) {
    return html(
      400,
      renderDialogError('Invalid App ID: The provided app ID does not look like a valid app ID.'),
    )
  }
  const configId = q.get('config_id')
  if (!configId) {
    return html(
      400,
      renderDialogError('Embedded Signup needs a configuration: pass config_id to FB.login().'),
    )
  }
  const origin = openerOrigin(q.get('origin'))
  if (!origin)
    return html(400, renderDialogError('Open this dialog with FB.login() from your page.'))
  const allowed = ctx.allowedOrigins?.() ?? null
  if (allowed && !allowed.includes(origin)) {
    return html(
      400,
      renderDialogError(
        `Can't load URL: the domain of ${origin} isn't included in the app's domains (Allowed domains).`,
      ),
    )
  }
  html(
    200,
    renderDialogPage({
      appId,
      appName: ctx.appName(),
      configId,
      version,
      origin,
      cb: (q.get('cb') ?? '').slice(0, 64),
      extras: parseExtras(q.get('extras')),
      signupPath: ctx.signupPath ?? `/${version}/dialog/oauth/confirm`,
    }),
  )
}

/** Serves the route if it is one of ours; returns false to let the caller route it. */
export function handleSignupRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: SignupRoutesContext,
): boolean {
  const path = url.pathname
  if (handleLauncherRequest(req, res, url)) return true
  const dialogMatch = DIALOG_PATH.exec(path)
  const ours =
    SDK_PATH.test(path) ||
    dialogMatch !== null ||
    path === DIALOG_JS_PATH ||
    path === DIALOG_CSS_PATH
  if (!ours) return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { allow: 'GET, HEAD' })
    return true
  }
  if (dialogMatch) dialog(res, url, dialogMatch[1] as string, ctx)
  else if (path === DIALOG_JS_PATH) asset(res, 'text/javascript; charset=utf-8', DIALOG_JS)
  else if (path === DIALOG_CSS_PATH) asset(res, 'text/css; charset=utf-8', DIALOG_CSS)
  else {
    asset(res, 'text/javascript; charset=utf-8', SDK_JS, {
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    })
  }
  return true
}
