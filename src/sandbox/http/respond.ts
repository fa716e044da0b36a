import type { ServerResponse } from 'node:http'
import type { HttpRefusal } from '@server-kit/http/refusal'
import { fbtraceId } from '../ids'
import type { GraphError } from './graph-error'

/**
 * Meta answers every Graph call with `x-fb-trace-id` (the same id as an error's `fbtrace_id`) and,
 * when the path named one, `facebook-api-version`.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

export function graphHeaders(version: string | null, trace: string): Record<string, string> {
  return version === null
    ? { 'x-fb-trace-id': trace }
    : { 'x-fb-trace-id': trace, 'facebook-api-version': version }
}

export function sendGraphError(
  res: ServerResponse,
  error: GraphError,
  version: string | null,
): void {
  const trace = fbtraceId()
  sendJson(res, error.http, error.body(trace), {
    ...graphHeaders(version, trace),
    ...error.options.headers,
  })
}

/** Control API errors: `{error:{message, details}}` with 400 (or the given status). */
export function sendControlError(
  res: ServerResponse,
  status: number,
  message: string,
  details?: unknown,
): void {
  sendJson(res, status, { error: details === undefined ? { message } : { message, details } })
}

/**
 * A request turned away by the loopback guards (foreign Host or Origin, no token, wrong
 * Content-Type, oversized body), in the control API's error shape. The connection is closed, so an
 * unread body is discarded rather than read.
 */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendJson(
    res,
    refusal.status,
    { error: { message: refusal.message } },
    { Connection: 'close', ...refusal.headers },
  )
}
