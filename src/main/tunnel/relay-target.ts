import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { TUNNEL_PATH } from '@shared/relay/protocol'

/** The relay this desktop streams from. */
export interface RelayTarget {
  kind: 'embedded' | 'remote'
  /** The key its cursor is stored under: `embedded`, or the relay's URL. */
  key: string
  /** The relay's base http(s) URL. */
  url: string
  /** The desktop token, read at each connection attempt (it may be set or changed meanwhile). */
  token(): Promise<string | null>
}

/** `http(s)://host[/base]` → `ws(s)://host[/base]/tunnel`. */
export function tunnelUrl(base: string): string {
  const url = new URL(base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${TUNNEL_PATH}`
  url.search = ''
  url.hash = ''
  return url.toString()
}

/**
 * Names this installation to the relay (its metrics, logs and "another connection took over"):
 * stable for a data directory, different for two data directories on one machine.
 */
export function desktopIdFor(dataDir: string): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 40)
  const dir = createHash('sha256').update(dataDir).digest('hex').slice(0, 10)
  return `${host || 'desktop'}-${dir}`
}
