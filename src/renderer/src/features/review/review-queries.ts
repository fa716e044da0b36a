import type { AiPolicy } from '@shared/contract/drafts'
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'

export const reviewKeys = {
  all: ['drafts'] as const,
  queue: () => [...reviewKeys.all, 'queue'] as const,
  detail: (draftId: number) => [...reviewKeys.all, 'detail', draftId] as const,
  rates: () => [...reviewKeys.all, 'rates'] as const,
  clientPolicy: (clientId: string) => [...reviewKeys.all, 'client-policy', clientId] as const,
  conversation: (conversationId: number) =>
    [...reviewKeys.all, 'conversation', conversationId] as const,
}

/** Open drafts across clients, oldest customer message first, and the count (the badge). */
export const queueQuery = () =>
  queryOptions({
    queryKey: reviewKeys.queue(),
    queryFn: async () => unwrap(await api.drafts.list({ include: 'open' })),
  })

export const draftQuery = (draftId: number) =>
  queryOptions({
    queryKey: reviewKeys.detail(draftId),
    queryFn: async () => unwrap(await api.drafts.get({ draftId })),
  })

export const ratesQuery = () =>
  queryOptions({
    queryKey: reviewKeys.rates(),
    queryFn: async () => unwrap(await api.drafts.rates({})),
  })

export const clientPolicyQuery = (clientId: string) =>
  queryOptions({
    queryKey: reviewKeys.clientPolicy(clientId),
    queryFn: async () => unwrap(await api.drafts.clientPolicy({ clientId })),
  })

export const conversationAiQuery = (conversationId: number) =>
  queryOptions({
    queryKey: reviewKeys.conversation(conversationId),
    queryFn: async () => unwrap(await api.drafts.conversation({ conversationId })),
  })

/** A draft action: the queue and the draft refetch afterwards (events also refresh other windows). */
function useDraftAction<I>(run: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
  })
}

export const useApprove = () =>
  useDraftAction(async (draftId: number) => unwrap(await api.drafts.approve({ draftId })))

export const useSendEdited = () =>
  useDraftAction(async (input: { draftId: number; text: string }) =>
    unwrap(await api.drafts.send(input)),
  )

export const useReject = () =>
  useDraftAction(async (input: { draftId: number; reason: string }) =>
    unwrap(await api.drafts.reject(input)),
  )

export const useRegenerate = () =>
  useDraftAction(async (draftId: number) => unwrap(await api.drafts.regenerate({ draftId })))

export const useTakeOver = () =>
  useDraftAction(async (conversationId: number) =>
    unwrap(await api.drafts.takeOver({ conversationId })),
  )

export const useRelease = () =>
  useDraftAction(async (conversationId: number) =>
    unwrap(await api.drafts.release({ conversationId })),
  )

export const useSetClientPolicy = (clientId: string) =>
  useDraftAction(async (input: { policy: AiPolicy; timeoutSeconds?: number }) =>
    unwrap(await api.drafts.setClientPolicy({ clientId, ...input })),
  )

export const useSetConversationPolicy = (conversationId: number) =>
  useDraftAction(async (policy: AiPolicy | null) =>
    unwrap(await api.drafts.setConversationPolicy({ conversationId, policy })),
  )
