import type { z } from 'zod'
import type { UpdateLocation, WebhookErrorView } from './normalise-views'

/**
 * Tolerant readers for webhook JSON: each returns the value when it has the expected type and null
 * (or an empty list) otherwise, so one odd field never costs the rest of an update. Shape problems
 * are reported separately by `schemaIssues` against the zod schemas (webhook-schema.ts).
 */

export type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A non-empty string. */
export function str(node: unknown, key: string): string | null {
  const value = isObject(node) ? node[key] : undefined
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** A string that may be empty (a reaction's `emoji: ""` means removal, a body may be ""). */
export function text(node: unknown, key: string): string | null {
  const value = isObject(node) ? node[key] : undefined
  return typeof value === 'string' ? value : null
}

export function num(node: unknown, key: string): number | null {
  const value = isObject(node) ? node[key] : undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function bool(node: unknown, key: string): boolean | null {
  const value = isObject(node) ? node[key] : undefined
  return typeof value === 'boolean' ? value : null
}

export function obj(node: unknown, key: string): Json | null {
  const value = isObject(node) ? node[key] : undefined
  return isObject(value) ? value : null
}

export function list(node: unknown, key: string): unknown[] {
  const value = isObject(node) ? node[key] : undefined
  return Array.isArray(value) ? value : []
}

/** An id Meta sends as a string in one place and a number in another (template ids, limits). */
export function idString(node: unknown, key: string): string | null {
  const value = isObject(node) ? node[key] : undefined
  if (typeof value === 'string' && value.length > 0) return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

/**
 * Meta's `timestamp`: Unix seconds, a string of digits in `messages` webhooks (a number in a few
 * management payloads). Anything else is unreadable → null.
 */
export function unixSeconds(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d{1,12}$/.test(value)) return Number(value)
  return null
}

/** `{timestampMs, timestamp}` of a node's `timestamp` field. */
export function timeOf(node: unknown, key = 'timestamp') {
  const seconds = unixSeconds(isObject(node) ? node[key] : undefined)
  const timestampMs = seconds === null ? null : seconds * 1000
  return {
    timestampMs,
    timestamp: timestampMs === null ? null : new Date(timestampMs).toISOString(),
  }
}

export function errorView(node: unknown): WebhookErrorView {
  const code = isObject(node) ? node.code : undefined
  return {
    code:
      typeof code === 'number' && Number.isInteger(code)
        ? code
        : typeof code === 'string' && /^\d+$/.test(code)
          ? Number(code)
          : null,
    title: str(node, 'title'),
    message: str(node, 'message'),
    details: str(obj(node, 'error_data'), 'details'),
    href: str(node, 'href'),
  }
}

export const errorViews = (node: unknown, key = 'errors'): WebhookErrorView[] =>
  list(node, key).map(errorView)

/**
 * Where `raw` departs from `schema`, as short `path: message` strings (at most 10, so a huge bad
 * node cannot make a huge update). Empty when it matches.
 */
export function schemaIssues(schema: z.ZodType, raw: unknown): string[] {
  const result = schema.safeParse(raw)
  if (result.success) return []
  return result.error.issues
    .slice(0, 10)
    .map(
      (issue) =>
        `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
    )
}

/** Builds the location of an item below a change. */
export function itemAt(
  change: UpdateLocation,
  listKey: string | null,
  itemIndex: number | null,
): UpdateLocation {
  const suffix =
    listKey === null ? '' : itemIndex === null ? `.${listKey}` : `.${listKey}[${itemIndex}]`
  return { ...change, itemIndex, path: `${change.path}${suffix}` }
}
