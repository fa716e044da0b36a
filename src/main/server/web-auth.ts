import type { IncomingMessage } from 'node:http'

/**
 * Browser mode's session: the token printed at start is traded once for this HttpOnly cookie.
 * Host, Origin and token checks are the shared loopback guards (src/server-kit/http).
 */
export const SESSION_COOKIE = 'wapc_session'

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}
