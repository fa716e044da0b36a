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

/** The conversation list's filter: a client id or `unassigned`, a contact query, unread first. */
export interface ConversationListFilter {
  clientId?: string
  query?: string
  unreadFirst?: boolean
}

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => [...conversationKeys.all, 'list'] as const,
  list: (filter: ConversationListFilter) => [...conversationKeys.lists(), filter] as const,
  details: () => [...conversationKeys.all, 'detail'] as const,
  detail: (conversationId: number) => [...conversationKeys.details(), conversationId] as const,
}

export const messageKeys = {
  all: ['messages'] as const,
  threads: () => [...messageKeys.all, 'thread'] as const,
  thread: (conversationId: number) => [...messageKeys.threads(), conversationId] as const,
  searches: () => [...messageKeys.all, 'search'] as const,
  search: (query: string, clientId: string | undefined) =>
    [...messageKeys.searches(), { query, clientId }] as const,
}

export const templateKeys = {
  all: ['templates'] as const,
  list: (clientId: string) => [...templateKeys.all, 'list', clientId] as const,
}

export const mediaKeys = {
  all: ['media'] as const,
  message: (messageId: number) => [...mediaKeys.all, messageId] as const,
}
