import type { IncomingMessage } from 'node:http'
import { HttpRefusal } from './refusal'

/**
 * Loopback is not a security boundary on its own: any web page can send requests to 127.0.0.1, and
 * DNS rebinding can make a foreign name resolve there. So a loopback server answers only requests
 * addressed to one of its own names (defeats rebinding) and, where browsers are a threat, only
 * requests whose Origin is one of its own (defeats cross-site requests, which browsers label).
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', ''])

function hostName(host: string): string {
  const name = host.trim().toLowerCase()
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
}

/**
 * The `Host` values this server answers to: `127.0.0.1`, `localhost` and `[::1]` with its port,
 * plus the address it is bound to when that is a specific non-loopback one.
 */
export function loopbackHosts(port: number, boundHost?: string): ReadonlySet<string> {
  const names = new Set(LOOPBACK_NAMES)
  if (boundHost !== undefined && !WILDCARDS.has(boundHost.trim())) names.add(hostName(boundHost))
  const hosts = new Set<string>()
  for (const name of names) {
    hosts.add(`${name}:${port}`)
    if (port === 80) hosts.add(name)
  }
  return hosts
}

/** The origins of pages this server serves itself: `http://` + each of its hosts. */
export function loopbackOrigins(hosts: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...hosts].map((host) => `http://${host}`))
}

/**
 * The request's URL, or a refusal: 400 for a request target that is not a path (or a malformed
 * absolute URL), 421 when the Host header (or an absolute target's authority) is not one of
 * `hosts`. The URL's origin is therefore always one of this server's own.
 */
export function requestTarget(req: IncomingMessage, hosts: ReadonlySet<string>): URL {
  const target = req.url ?? ''
  const host = (req.headers.host ?? '').toLowerCase()
  if (host === '') throw new HttpRefusal(400, 'Bad request: the Host header is missing.')
  if (!hosts.has(host)) throw misdirected(host)
  let url: URL
  try {
    // Concatenated rather than resolved, so a path like `//x` stays a path and names no host.
    url = target.startsWith('/') ? new URL(`http://${host}${target}`) : new URL(target)
  } catch {
    throw new HttpRefusal(400, 'Bad request: the request target is not a valid URL.')
  }
  if (url.protocol !== 'http:') throw new HttpRefusal(400, 'Bad request: only http:// is served.')
  if (!hosts.has(url.host)) throw misdirected(url.host)
  return url
}

function misdirected(host: string): HttpRefusal {
  return new HttpRefusal(
    421,
    `Misdirected request: this server answers to its loopback address, not "${host.slice(0, 100)}".`,
  )
}

/**
 * Refuses (403) a request whose `Origin` is not one of `origins`. Without `required`, a request
 * with no Origin passes: non-browser clients (curl, undici) send none, and browsers always send one
 * with cross-origin requests and with every POST.
 */
export function checkOrigin(
  req: IncomingMessage,
  origins: ReadonlySet<string>,
  options: { required?: boolean } = {},
): void {
  const origin = req.headers.origin
  if (origin === undefined) {
    if (options.required) throw new HttpRefusal(403, 'Forbidden: this request needs an Origin.')
    return
  }
  if (!origins.has(origin.toLowerCase())) {
    throw new HttpRefusal(
      403,
      `Forbidden: requests from ${origin.slice(0, 100)} are not accepted; only this server's own pages may send them.`,
    )
  }
}
