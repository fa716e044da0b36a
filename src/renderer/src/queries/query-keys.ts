import type { ClientState } from '@shared/contract/onboarding'

/**
 * Key factories: every query key is built here, so invalidating a domain (`settingsKeys.all`) reaches
 * every query under it. See https://tkdodo.eu/blog/effective-react-query-keys
 */
export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const,
}

export const settingsKeys = {
  all: ['settings'] as const,
  view: () => [...settingsKeys.all, 'view'] as const,
}

export const tunnelKeys = {
  all: ['tunnel'] as const,
  status: () => [...tunnelKeys.all, 'status'] as const,
}

export const secretKeys = {
  all: ['secrets'] as const,
  status: () => [...secretKeys.all, 'status'] as const,
}

export interface ClientListFilter {
  query?: string
  state?: ClientState
}

export const clientKeys = {
  all: ['clients'] as const,
  lists: () => [...clientKeys.all, 'list'] as const,
  list: (filter: ClientListFilter) => [...clientKeys.lists(), filter] as const,
  details: () => [...clientKeys.all, 'detail'] as const,
  detail: (clientId: string) => [...clientKeys.details(), clientId] as const,
}

export const onboardingKeys = {
  all: ['onboarding'] as const,
  sessions: () => [...onboardingKeys.all, 'sessions'] as const,
}
