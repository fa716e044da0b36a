import { readRendererFile, resolveRendererPath } from '../renderer-files'

/** Maps a request path (query and fragment ignored) to a renderer file; see resolveRendererPath. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  return resolveRendererPath(root, urlPath.split(/[?#]/)[0] ?? '')
}

export { readRendererFile as readStaticFile }
