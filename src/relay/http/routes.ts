import type { IncomingMessage, ServerResponse } from 'node:http'
import { bearerToken, tokensEqual } from '@server-kit/http/bearer'
import { requestTarget } from '@server-kit/http/loopback'
import { HttpRefusal } from '@server-kit/http/refusal'
import type { Logger } from '@server-kit/log/logger'
import { sendLauncherPage } from '@server-kit/signup/launcher-response'
import { SIGNUP_RESULT_PATH, WEBHOOK_PATH } from '@shared/relay/protocol'
import { LAUNCHER_PATH } from '@shared/signup/launcher-protocol'
import { metaEventOrigins } from '@shared/whatsapp/es-events'
import type { SignupRouter } from '../signup/router'
import { sendJson, sendText } from './respond'
import { handleSignupResult } from './signup'
import { handleDelivery, handleVerify, type WebhookDeps } from './webhook'

/** Meta's JavaScript SDK (https://developers.facebook.com/docs/javascript/quickstart). */
const META_SDK_URL = 'https://connect.facebook.net/en_US/sdk.js'

export interface RouteDeps extends WebhookDeps {
  signups: SignupRouter
  signupOrigin: string | undefined
  metricsToken: string | undefined
  /** Loopback relays answer only to their own Host names (DNS rebinding); null for a public relay. */
  hosts: ReadonlySet<string> | null
  logger: Logger
}

/** The request's URL: checked against our names on loopback, host-agnostic on a public server. */
export function targetOf(req: IncomingMessage, hosts: ReadonlySet<string> | null): URL {
  if (hosts) return requestTarget(req, hosts)
  const target = req.url ?? ''
  if (!target.startsWith('/')) throw new HttpRefusal(400, 'Bad request: send a path.')
  return new URL(`http://relay.invalid${target}`)
}

export async function route(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RouteDeps,
): Promise<void> {
  const url = targetOf(req, deps.hosts)
  const method = req.method ?? 'GET'
  switch (url.pathname) {
    case WEBHOOK_PATH:
      if (method === 'GET') return handleVerify(url, res, deps)
      if (method === 'POST') return handleDelivery(req, res, deps)
      return notAllowed(res, 'GET, POST')
    case '/healthz':
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET')
      try {
        await deps.log.ping()
      } catch (error) {
        deps.logger.error('relay.health.failed', { error })
        return sendJson(res, 503, { status: 'unavailable', backend: deps.log.backend })
      }
      return sendJson(res, 200, { status: 'ok', backend: deps.log.backend, logId: deps.log.logId })
    case '/metrics':
      if (method !== 'GET') return notAllowed(res, 'GET')
      if (deps.metricsToken !== undefined && !tokensEqual(bearerToken(req), deps.metricsToken))
        throw new HttpRefusal(401, 'Unauthorized: send RELAY_METRICS_TOKEN as a bearer token.', {
          'WWW-Authenticate': 'Bearer realm="relay-metrics"',
        })
      return sendText(
        res,
        200,
        deps.metrics.render(),
        {},
        'text/plain; version=0.0.4; charset=utf-8',
      )
    case LAUNCHER_PATH:
      // Live mode's Embedded Signup launcher on the partner's public origin: Meta's SDK, Meta's
      // message-event origins, and the result POSTed back here for the desktop that asked.
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET')
      return sendLauncherPage(req, res, {
        sdkUrl: META_SDK_URL,
        eventOrigins: metaEventOrigins,
        resultPath: SIGNUP_RESULT_PATH,
      })
    case SIGNUP_RESULT_PATH:
      if (method !== 'POST') return notAllowed(res, 'POST')
      return handleSignupResult(req, res, deps.signups, deps.signupOrigin)
    default:
      return sendText(res, 404, 'Not found.')
  }
}

function notAllowed(res: ServerResponse, allow: string): void {
  sendText(res, 405, `Method not allowed: use ${allow}.`, { allow })
}
