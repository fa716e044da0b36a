import { useSyncExternalStore } from 'react'
import { routeFromHash, routeParamFromHash, subpageFromHash, type RouteId } from './routes'

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

const getHash = () => window.location.hash

/** The current page, from the URL hash: links and the back button work without a router library. */
export function useHashRoute(): RouteId {
  return routeFromHash(useSyncExternalStore(subscribe, getHash))
}

/** The item in the URL hash after the page (`#/clients/<id>` → the id), or null. */
export function useHashParam(): string | null {
  return routeParamFromHash(useSyncExternalStore(subscribe, getHash))
}

/** The part of the URL hash after the item (`#/clients/<id>/templates` → 'templates'), or null. */
export function useHashSubpage(): string | null {
  return subpageFromHash(useSyncExternalStore(subscribe, getHash))
}
