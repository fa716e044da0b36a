import { nonexistingField, shown } from './graph-error'

/**
 * Graph's `fields=` selection: unknown fields are an error naming the node type, fields whose
 * value is absent are omitted (Graph never returns nulls for unset fields), and `id` is always
 * returned (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines: `?fields=primary_funding_id` → `{"primary_funding_id","id"}`).
 */
export type FieldGetters = Record<string, () => unknown>

/** Splits "a,b{c,d},e" at top-level commas, dropping nested selections (the whole value is returned). */
export function requestedFields(raw: unknown): string[] | null {
  if (raw === undefined || raw === null || raw === '') return null
  const text = Array.isArray(raw) ? raw.map(shown).join(',') : shown(raw)
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '{') depth++
    else if (ch === '}') depth = Math.max(0, depth - 1)
    else if (ch === ',' && depth === 0) {
      if (current.trim()) out.push(current.trim())
      current = ''
    } else if (depth === 0) current += ch
  }
  if (current.trim()) out.push(current.trim())
  return out.map((field) => field.replace(/\.limit\(\d+\)$/, ''))
}

export function selectFields(
  nodeType: string,
  getters: FieldGetters,
  defaults: readonly string[],
  raw: unknown,
): Record<string, unknown> {
  const wanted = requestedFields(raw) ?? defaults
  const out: Record<string, unknown> = {}
  for (const field of wanted) {
    // Own fields only: `constructor` or `__proto__` are not fields of any node.
    const get = Object.hasOwn(getters, field) ? getters[field] : undefined
    if (!get) throw nonexistingField(field, nodeType)
    const value = get()
    if (value !== undefined && value !== null) out[field] = value
  }
  if (!('id' in out) && getters.id) out.id = getters.id()
  return out
}

const encodeCursor = (index: number) => Buffer.from(`sandbox:${index}`).toString('base64url')

function decodeCursor(raw: unknown): number | null {
  if (typeof raw !== 'string' || raw === '') return null
  const match = /^sandbox:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'))
  return match ? Number(match[1]) : null
}

export interface Page<T> {
  data: T[]
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string }
}

/**
 * Cursor paging as Graph does it: `limit` (default 25), `after` / `before` cursors, and `next` /
 * `previous` URLs when there is more.
 */
export function paginate<T, R>(
  items: readonly T[],
  params: Record<string, unknown>,
  url: URL,
  render: (item: T) => R,
  defaultLimit = 25,
): Page<R> {
  const limitRaw = Number(
    typeof params.limit === 'string' || typeof params.limit === 'number'
      ? params.limit
      : defaultLimit,
  )
  const limit = Number.isInteger(limitRaw) && limitRaw > 0 ? Math.min(limitRaw, 1000) : defaultLimit
  const after = decodeCursor(params.after)
  const before = decodeCursor(params.before)
  let start = after !== null ? after + 1 : 0
  if (before !== null) start = Math.max(0, before - limit)
  const end = before !== null ? before : Math.min(items.length, start + limit)
  const slice = items.slice(start, end)
  if (slice.length === 0) return { data: [] }
  const link = (key: 'after' | 'before', cursor: string) => {
    const next = new URL(url)
    next.searchParams.delete('after')
    next.searchParams.delete('before')
    next.searchParams.delete('access_token')
    next.searchParams.set('limit', String(limit))
    next.searchParams.set(key, cursor)
    return next.toString()
  }
  const paging: NonNullable<Page<R>['paging']> = {
    cursors: { before: encodeCursor(start), after: encodeCursor(end - 1) },
  }
  if (end < items.length) paging.next = link('after', encodeCursor(end - 1))
  if (start > 0) paging.previous = link('before', encodeCursor(start))
  return { data: slice.map(render), paging }
}
