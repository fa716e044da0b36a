import { useSyncExternalStore } from 'react'
import { routeFromHash, type RouteId } from './routes'

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

const getHash = () => window.location.hash

/** The current page, from the URL hash: links and the back button work without a router library. */
export function useHashRoute(): RouteId {
  return routeFromHash(useSyncExternalStore(subscribe, getHash))
}
