export type SessionStatus = 'authorized' | 'unauthorized' | 'unreachable'

/**
 * Asks the loopback server whether this page's cookie is valid. It tells "the access token is
 * missing or stale" (401) apart from "the core is not running" (no answer), which a failed WebSocket
 * upgrade alone cannot do.
 */
export async function probeSession(url: string): Promise<SessionStatus> {
  try {
    const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' })
    if (response.status === 401 || response.status === 403) return 'unauthorized'
    return response.ok ? 'authorized' : 'unreachable'
  } catch {
    return 'unreachable'
  }
}
