import { GraphError, waError } from '../http/graph-error'

/**
 * Building blocks for send validation with Meta's codes and wording (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages, https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes):
 * 131008 "Required parameter is missing" (details "The parameter text['body'] is required."),
 * 131009 "Parameter value is not valid", and Graph's length errors
 * "(#100) Param text['body'] must be at most 4096 characters long.".
 * Paths use Meta's bracket notation: `interactive['action']['buttons'][0]['reply']['title']`.
 */
export type Obj = Record<string, unknown>

export const at = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : `${path}['${key}']`

export function missing(path: string): GraphError {
  return waError(131008, `The parameter ${path} is required.`)
}

export function invalid(details: string): GraphError {
  return waError(131009, details)
}

export function tooLong(path: string, max: number): GraphError {
  const text = `Param ${path} must be at most ${max} characters long.`
  return new GraphError(100, { message: `(#100) ${text}`, details: text })
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function reqObj(parent: Obj, key: string, path: string): Obj {
  const value = parent[key]
  if (value === undefined || value === null) throw missing(path)
  if (!isObj(value)) throw invalid(`Parameter ${path} must be a JSON object.`)
  return value
}

export function optObj(parent: Obj, key: string, path: string): Obj | undefined {
  const value = parent[key]
  if (value === undefined || value === null) return undefined
  if (!isObj(value)) throw invalid(`Parameter ${path} must be a JSON object.`)
  return value
}

export function reqArr(parent: Obj, key: string, path: string): unknown[] {
  const value = parent[key]
  if (value === undefined || value === null) throw missing(path)
  if (!Array.isArray(value)) throw invalid(`Parameter ${path} must be an array.`)
  return value
}

/** A required non-empty string of at most `max` characters (UTF-16 code units, like Meta). */
export function reqStr(parent: Obj, key: string, path: string, max?: number): string {
  const value = parent[key]
  if (value === undefined || value === null || value === '') throw missing(path)
  if (typeof value !== 'string') throw invalid(`Parameter ${path} must be a string.`)
  if (max !== undefined && value.length > max) throw tooLong(path, max)
  return value
}

export function optStr(parent: Obj, key: string, path: string, max?: number): string | undefined {
  const value = parent[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(`Parameter ${path} must be a string.`)
  if (max !== undefined && value.length > max) throw tooLong(path, max)
  return value
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** Lat/long arrive as numbers or numeric strings (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages: strings in Meta's example). */
export function reqCoordinate(parent: Obj, key: string, path: string, limit: number): number {
  const value = parent[key]
  if (value === undefined || value === null || value === '') throw missing(path)
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  if (!Number.isFinite(n) || Math.abs(n) > limit) {
    throw invalid(`Parameter ${path} must be a number between -${limit} and ${limit}.`)
  }
  return n
}
