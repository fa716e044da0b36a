import type { ServerResponse } from 'node:http'

/** Plain-text answers: nothing a browser would render or sniff as HTML. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent) return
  // A length, not chunked encoding: the head and the text go out in one write.
  res.writeHead(status, {
    'content-length': String(Buffer.byteLength(text)),
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, JSON.stringify(value), {}, 'application/json; charset=utf-8')
}
