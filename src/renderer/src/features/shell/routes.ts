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
