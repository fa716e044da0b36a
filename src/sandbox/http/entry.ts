import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkBearer } from '@server-kit/http/bearer'
import { checkJsonContentType } from '@server-kit/http/body'
import { checkOrigin, loopbackOrigins, requestTarget } from '@server-kit/http/loopback'
import { HttpRefusal } from '@server-kit/http/refusal'
import {
  DIALOG_CONFIRM_PATH,
  handleSignupRequest,
  type SignupRoutesContext,
} from '../signup/routes'
import { sendControlError, sendRefusal } from './respond'

/**
 * Every request's way in, with the loopback guards first (src/server-kit/http):
 *
 *   any route      Host must be the sandbox's own loopback host and port (421), the request target
 *                  a path or one of its own URLs (400) — DNS rebinding gets nowhere
 *   ES emulator    sdk.js and the dialog popup are public GET pages, loaded from partners' origins
 *   /_sandbox/…    Origin, if sent, must be the sandbox's own (403); `Authorization: Bearer <token>`
 *                  when a control token is set (401); a body only as application/json (415)
 *   dialog confirm the ES dialog's own POST: Origin required and the sandbox's own; JSON only
 *   Graph          Origin, if sent, must be the sandbox's own: Graph clients send none, so only a
 *                  foreign web page would (the access token is checked by the Graph router)
 */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route?: string,
) => Promise<void>

export interface RequestEntryOptions {
  /** The Host values the sandbox answers to (known once it listens). */
  hosts(): ReadonlySet<string>
  /** Required on `/_sandbox` routes when set. */
  controlToken: string | null
  signup: SignupRoutesContext
  control: Handler
  graph: Handler
  log(line: string): void
}

export function createRequestEntry(options: RequestEntryOptions) {
  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const hosts = options.hosts()
    const url = requestTarget(req, hosts)
    if (handleSignupRequest(req, res, url, options.signup)) return undefined
    const origins = loopbackOrigins(hosts)
    if (url.pathname.startsWith('/_sandbox')) {
      checkOrigin(req, origins)
      if (options.controlToken !== null) checkBearer(req, options.controlToken, 'sandbox')
      checkJsonContentType(req)
      return options.control(req, res, url)
    }
    if (req.method === 'POST' && DIALOG_CONFIRM_PATH.test(url.pathname)) {
      checkOrigin(req, origins, { required: true })
      checkJsonContentType(req)
      return options.control(req, res, url, 'signups')
    }
    checkOrigin(req, origins)
    return options.graph(req, res, url)
  }

  const failed = (res: ServerResponse) => (error: unknown) => {
    if (error instanceof HttpRefusal) {
      sendRefusal(res, error)
      return
    }
    options.log(
      `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    if (!res.headersSent) sendControlError(res, 500, 'Internal sandbox error')
  }

  return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    try {
      route(req, res)?.catch(failed(res))
    } catch (error) {
      failed(res)(error)
    }
  }
}
