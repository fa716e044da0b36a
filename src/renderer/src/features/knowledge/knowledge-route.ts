import { useSyncExternalStore } from 'react'
import { hrefForItem } from '../shell/routes'

/** `#/clients/<id>/knowledge`: the client's knowledge-base editor. */
export const knowledgeHref = (clientId: string) => `${hrefForItem('clients', clientId)}/knowledge`

export const isKnowledgeHash = (hash: string) => /^#\/?clients\/[^/?]+\/knowledge(\?|$)/.test(hash)

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** Whether the URL asks for the knowledge-base editor of the client in it. */
export function useKnowledgeRoute(): boolean {
  return isKnowledgeHash(useSyncExternalStore(subscribe, () => window.location.hash))
}
