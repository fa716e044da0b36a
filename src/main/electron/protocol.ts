import fs from 'node:fs'
import nodePath from 'node:path'

/** The renderer's origin. `app` is registered as a standard, secure scheme before `ready`. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'wapc'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Sent with every HTML page. Stricter than the renderer's meta tag (no ws:, which only browser mode
 * needs); when both apply, the browser enforces each, so the stricter one wins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

export function contentTypeFor(file: string): string {
  return contentTypes[nodePath.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

type PathApi = Pick<typeof nodePath, 'join' | 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

/** `target` is strictly below `base` (not `base` itself, not a sibling such as `base-evil`). */
function isWithin(pathApi: PathApi, base: string, target: string): boolean {
  const rel = pathApi.relative(base, target)
  return (
    rel !== '' && rel !== '..' && !rel.startsWith(`..${pathApi.sep}`) && !pathApi.isAbsolute(rel)
  )
}

/**
 * Maps `app://wapc/<path>` to a file under `root`, or null when the URL is not the app origin or
 * the path could leave `root`. Each segment is decoded and checked on its own, so an encoded `/`,
 * `\`, `..` or drive letter cannot smuggle a separator past the check; the joined result is then
 * verified to still be inside `root`. `pathApi` is injectable to test Windows path rules on Linux.
 */
export function resolveAppPath(
  root: string,
  requestUrl: string,
  pathApi: PathApi = nodePath,
): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  if (url.username !== '' || url.password !== '') return null

  const raw = url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname
  if (!raw.startsWith('/')) return null
  const segments: string[] = []
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(encoded)
    } catch {
      return null
    }
    if (!isSafeSegment(segment)) return null
    segments.push(segment)
  }

  const base = pathApi.resolve(root)
  const resolved = pathApi.resolve(pathApi.join(base, ...segments))
  return isWithin(pathApi, base, resolved) ? resolved : null
}

// Empty (`//`), dot segments, separators of either OS, drive/stream colons and control characters
// (NUL truncates paths in native code) are never part of a file the renderer build emits.
function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false
  // eslint-disable-next-line no-control-regex
  return !/[/\\:\x00-\x1f]/.test(segment)
}

export interface ProtocolHandlerOptions {
  /** The renderer build folder (out/renderer). */
  root: string
  readFile?: (path: string) => Promise<Uint8Array>
  /** Resolves symlinks, so a link inside the build cannot point outside it. */
  realpath?: (path: string) => Promise<string>
}

/** The `protocol.handle('app', …)` handler: GET-only static files from the renderer build. */
export function createAppProtocolHandler(
  options: ProtocolHandlerOptions,
): (request: Request) => Promise<Response> {
  // Looked up on `fs.promises` at call time: Electron patches those functions to read inside
  // app.asar, where the packaged renderer lives.
  const read = options.readFile ?? ((path: string) => fs.promises.readFile(path))
  const real = options.realpath ?? ((path: string) => fs.promises.realpath(path))
  const realRoot = real(options.root).catch(() => nodePath.resolve(options.root))

  return async (request) => {
    if (request.method !== 'GET') {
      return new Response(null, { status: 405, headers: { Allow: 'GET', ...baseHeaders } })
    }
    const file = resolveAppPath(options.root, request.url)
    if (file === null) return notFound()
    try {
      const [rootPath, filePath] = await Promise.all([realRoot, real(file)])
      if (!isWithin(nodePath, rootPath, filePath)) return notFound()
      const body = await read(filePath)
      const type = contentTypeFor(file)
      const headers: Record<string, string> = { 'Content-Type': type, ...baseHeaders }
      if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
      return new Response(body, { status: 200, headers })
    } catch {
      // Missing files, folders and unreadable entries all look the same from the renderer.
      return notFound()
    }
  }
}

const baseHeaders = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' }

const notFound = () =>
  new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...baseHeaders },
  })
