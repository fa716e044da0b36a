import fs from 'node:fs'
import nodePath from 'node:path'
import {
  contentTypeFor,
  isWithin,
  rendererCsp,
  resolveRendererPath,
  type PathApi,
} from '../renderer-files'
import { mediaResponse, type ReadMedia } from '../media/serve'

/** The renderer's origin. `app` is registered as a standard, secure scheme before `ready`. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'wapc'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export { contentTypeFor }

/**
 * Sent with every HTML page. Stricter than the renderer's meta tag (no ws:, which only browser mode
 * needs); when both apply, the browser enforces each, so the stricter one wins.
 */
export const CONTENT_SECURITY_POLICY = rendererCsp()

/**
 * Maps `app://wapc/<path>` to a file under `root`, or null when the URL is not the app origin or
 * the path could leave `root` (see resolveRendererPath). `pathApi` is injectable to test Windows
 * path rules on Linux.
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
  return resolveRendererPath(root, url.pathname, pathApi)
}

/** The path of an `app://wapc/media/…` URL, or null. */
function appMediaPath(requestUrl: string): string | null {
  try {
    const url = new URL(requestUrl)
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
    return url.pathname.startsWith('/media/') ? url.pathname : null
  } catch {
    return null
  }
}

export interface ProtocolHandlerOptions {
  /** The renderer build folder (out/renderer). */
  root: string
  readFile?: (path: string) => Promise<Uint8Array>
  /** Resolves symlinks, so a link inside the build cannot point outside it. */
  realpath?: (path: string) => Promise<string>
  /** Stored media (app://wapc/media/<sha256>), from the data directory, not the build. */
  media?: ReadMedia
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
    const media = options.media && appMediaPath(request.url)
    if (media) {
      const answer = mediaResponse(options.media!, media)!
      return new Response(answer.body, { status: answer.status, headers: answer.headers })
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
