import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkJsonContentType, parseJson, readBody } from '@server-kit/http/body'
import { HttpRefusal } from '@server-kit/http/refusal'
import { signupResultBody } from '@shared/relay/protocol'
import type { SignupRouter } from '../signup/router'
import { sendJson } from './respond'

const MAX_RESULT_BYTES = 64 * 1024

/**
 * `POST /signup/result` from the launcher page. Not a cookie-authenticated endpoint, so there is
 * nothing for a cross-site request to ride on: the `state` nonce in the body is the capability,
 * known only to the desktop that began the attempt and the launcher page it opened. JSON only
 * (a cross-site form cannot send application/json without CORS consent, which is never given), and
 * when the relay knows its public origin, a browser Origin must be that one.
 */
export async function handleSignupResult(
  req: IncomingMessage,
  res: ServerResponse,
  router: SignupRouter,
  signupOrigin: string | undefined,
): Promise<void> {
  const origin = req.headers.origin
  if (origin !== undefined && signupOrigin !== undefined && origin !== signupOrigin)
    throw new HttpRefusal(403, `Forbidden: results are accepted only from ${signupOrigin}.`)
  checkJsonContentType(req)
  const raw = await readBody(req, MAX_RESULT_BYTES)
  let json: unknown
  try {
    json = parseJson(raw.toString('utf8'))
  } catch {
    throw new HttpRefusal(400, 'Bad request: the body is not JSON.')
  }
  const parsed = signupResultBody.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new HttpRefusal(
      400,
      `Bad request: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}.`,
    )
  }
  const outcome = await router.submit(parsed.data)
  if (outcome === 'unknown') {
    sendJson(res, 404, { error: 'No signup attempt is waiting for that state (or it was used).' })
    return
  }
  sendJson(res, outcome === 'delivered' ? 200 : 202, { status: outcome })
}
