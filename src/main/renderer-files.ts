import { promises as fs } from 'node:fs'
import nodePath from 'node:path'

/**
 * Serving the renderer build, shared by both transports: the Electron `app://` protocol and the
 * browser-mode server. One path check, one content-type table, one Content-Security-Policy.
 */

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

/**
 * The renderer's CSP. Only `connect-src` differs between transports: browser mode adds its
 * loopback WebSocket, Electron needs nothing beyond 'self'.
 */
export function rendererCsp(extraConnectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    // Voice notes and videos of conversations (GET /media/<sha256>, served by the core).
    "media-src 'self' blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...extraConnectSrc].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export type PathApi = Pick<typeof nodePath, 'join' | 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

/** `target` is strictly below `base` (not `base` itself, not a sibling such as `base-evil`). */
export function isWithin(pathApi: PathApi, base: string, target: string): boolean {
  const rel = pathApi.relative(base, target)
  return (
    rel !== '' && rel !== '..' && !rel.startsWith(`..${pathApi.sep}`) && !pathApi.isAbsolute(rel)
  )
}

// Empty (`//`), dot segments, separators of either OS, drive/stream colons and control characters
// (NUL truncates paths in native code) are never part of a file the renderer build emits.
function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false
  // eslint-disable-next-line no-control-regex
  return !/[/\\:\x00-\x1f]/.test(segment)
}

/**
 * Maps a URL pathname to a file under `root`, or null when it could leave `root`. Each segment is
 * decoded and checked on its own, so an encoded `/`, `\`, `..` or drive letter cannot smuggle a
 * separator past the check; the joined result is then verified to still be inside `root`.
 * `pathApi` is injectable to test Windows path rules on Linux.
 */
export function resolveRendererPath(
  root: string,
  pathname: string,
  pathApi: PathApi = nodePath,
): string | null {
  const raw = pathname === '/' || pathname === '' ? '/index.html' : pathname
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

export interface RendererFile {
  body: Buffer
  contentType: string
}

/**
 * Reads a renderer file by URL pathname; null for anything missing, a folder, or outside `root`
 * (symlinks included: the real path must stay inside the real root).
 */
export async function readRendererFile(
  root: string,
  pathname: string,
): Promise<RendererFile | null> {
  const file = resolveRendererPath(root, pathname)
  if (!file) return null
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)])
    if (!isWithin(nodePath, realRoot, realFile)) return null
    if (!(await fs.stat(realFile)).isFile()) return null
    return { body: await fs.readFile(realFile), contentType: contentTypeFor(file) }
  } catch {
    return null
  }
}
