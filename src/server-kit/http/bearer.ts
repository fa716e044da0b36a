import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { HttpRefusal } from './refusal'

/** 256 random bits, URL-safe: session and control tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url')

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time comparison; hashing first means not even the length of the secret leaks. */
export function tokensEqual(offered: string | null | undefined, expected: string): boolean {
  if (typeof offered !== 'string' || expected === '') return false
  return timingSafeEqual(digest(offered), digest(expected))
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (header === undefined) return null
  const match = /^bearer\s+(\S+)\s*$/i.exec(header)
  return match ? (match[1] ?? null) : null
}

/** Refuses (401, with `WWW-Authenticate`) a request without `Authorization: Bearer <token>`. */
export function checkBearer(req: IncomingMessage, token: string, realm: string): void {
  const offered = bearerToken(req)
  if (tokensEqual(offered, token)) return
  throw new HttpRefusal(
    401,
    offered === null
      ? 'Unauthorized: send the control token as "Authorization: Bearer <token>".'
      : 'Unauthorized: the bearer token is not valid for this server.',
    { 'WWW-Authenticate': `Bearer realm="${realm}"` },
  )
}

/** A token that fits an `Authorization: Bearer` header (RFC 6750 b64token), 16 to 512 characters. */
export function isBearerToken(value: string): boolean {
  return /^[A-Za-z0-9\-._~+/]{16,512}=*$/.test(value)
}
