import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Maps a URL path to a file inside `root`, or null. Refuses anything that could escape the root:
 * `..` segments (raw or percent-encoded), backslashes, NUL bytes, and absolute paths.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '..' || s === '.')) return null
  const relative = segments.length === 0 ? 'index.html' : segments.join('/')
  const base = resolve(root)
  const full = resolve(join(base, relative))
  return full === base || full.startsWith(base + sep) ? full : null
}

export interface StaticFile {
  body: Buffer
  contentType: string
}

export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  const file = resolveStaticPath(root, urlPath)
  if (!file) return null
  try {
    const info = await stat(file)
    if (!info.isFile()) return null
    return {
      body: await readFile(file),
      contentType: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    }
  } catch {
    return null
  }
}
