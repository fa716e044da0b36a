import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const SESSION_COOKIE = 'wapc_session'

export const newToken = (): string => randomBytes(32).toString('base64url')

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

/**
 * Loopback is not a security boundary on its own: any web page can send requests to 127.0.0.1, and
 * DNS rebinding can make a foreign name resolve there. So the Host header must be one of ours
 * (defeats rebinding) and, for the WebSocket, the Origin must be ours too (defeats cross-site
 * WebSocket hijacking); the session cookie proves the user opened the printed URL.
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
}
