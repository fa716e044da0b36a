import { createHash, timingSafeEqual } from 'node:crypto'

/** Desktop tokens are kept only as SHA-256 digests; the plain tokens are dropped after start. */
export const tokenDigest = (token: string): Buffer => createHash('sha256').update(token).digest()

/**
 * Whether `offered` is one of the accepted tokens. Compares digests in constant time against every
 * entry (no early exit), so neither the token nor which entry matched leaks through timing.
 */
export function isAcceptedToken(offered: string | null, digests: readonly Buffer[]): boolean {
  if (offered === null || offered === '') return false
  const digest = tokenDigest(offered)
  let match = false
  for (const accepted of digests) match = timingSafeEqual(digest, accepted) || match
  return match
}
