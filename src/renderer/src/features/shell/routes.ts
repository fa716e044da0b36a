export const routes = [
  { id: 'clients', label: 'Clients' },
  { id: 'conversations', label: 'Conversations' },
  { id: 'review', label: 'Review' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'settings', label: 'Settings' },
] as const

export type RouteId = (typeof routes)[number]['id']

export const defaultRoute: RouteId = 'clients'

const routeIds: ReadonlySet<string> = new Set(routes.map((route) => route.id))

const isRouteId = (value: string): value is RouteId => routeIds.has(value)

/** `#/settings` → 'settings'; anything unknown → the default page. */
export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? ''
  return isRouteId(id) ? id : defaultRoute
}

export const hrefFor = (id: RouteId): string => `#/${id}`

/** The part after the page: `#/clients/42` → '42'; null when there is none or it is not valid. */
export function routeParamFromHash(hash: string): string | null {
  const raw = hash.replace(/^#\/?/, '').split('?')[0]?.split('/')[1]
  if (!raw) return null
  try {
    const param = decodeURIComponent(raw)
    return /^[\w.:-]{1,100}$/.test(param) ? param : null
  } catch {
    return null
  }
}

export const hrefForItem = (id: RouteId, param: string): string =>
  `#/${id}/${encodeURIComponent(param)}`

/** The part after the item: `#/clients/42/templates` → 'templates'; null when there is none. */
export function subpageFromHash(hash: string): string | null {
  const raw = hash.replace(/^#\/?/, '').split('?')[0]?.split('/')[2]
  return raw && /^[a-z-]{1,40}$/.test(raw) ? raw : null
}
