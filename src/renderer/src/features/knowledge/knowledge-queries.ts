import type { KbFileFormat } from '@shared/contract/ai'
import type { ChannelInput } from '@shared/contract/channels'
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  base: (clientId: string) => ['knowledge', clientId] as const,
}

/** One client's knowledge base: entries (with missing facts), facts, languages, revision. */
export const knowledgeQuery = (clientId: string) =>
  queryOptions({
    queryKey: knowledgeKeys.base(clientId),
    queryFn: async () => unwrap(await api.knowledge.get({ clientId })),
  })

/** Refetches the knowledge base when the core says it changed (another window, an import, the seed). */
export function useKnowledgeEvents(clientId: string) {
  const queryClient = useQueryClient()
  useEffect(
    () =>
      api.on('knowledge:changed', (payload) => {
        if (payload.clientId === clientId)
          void queryClient.invalidateQueries({ queryKey: knowledgeKeys.base(clientId) })
      }),
    [clientId, queryClient],
  )
}

/** A mutation that refreshes the knowledge base when it succeeds. */
function useKnowledgeMutation<I, O>(clientId: string, run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.base(clientId) }),
  })
}

export const useSaveEntry = (clientId: string) =>
  useKnowledgeMutation(
    clientId,
    async (input: Omit<ChannelInput<'knowledge:save-entry'>, 'clientId'>) =>
      unwrap(await api.knowledge.saveEntry({ clientId, ...input })),
  )

export const useDeleteEntry = (clientId: string) =>
  useKnowledgeMutation(clientId, async (id: number) =>
    unwrap(await api.knowledge.deleteEntry({ clientId, id })),
  )

export const useSaveFact = (clientId: string) =>
  useKnowledgeMutation(
    clientId,
    async (input: Omit<ChannelInput<'knowledge:save-fact'>, 'clientId'>) =>
      unwrap(await api.knowledge.saveFact({ clientId, ...input })),
  )

export const useDeleteFact = (clientId: string) =>
  useKnowledgeMutation(clientId, async (fact: { key: string; language: string }) =>
    unwrap(await api.knowledge.deleteFact({ clientId, ...fact })),
  )

export const useImportKnowledge = (clientId: string) =>
  useKnowledgeMutation(
    clientId,
    async (input: Omit<ChannelInput<'knowledge:import'>, 'clientId'>) =>
      unwrap(await api.knowledge.import({ clientId, ...input })),
  )

export const useExportKnowledge = (clientId: string) =>
  useMutation({
    mutationFn: async (format: KbFileFormat) =>
      unwrap(await api.knowledge.export({ clientId, format })),
  })

export const useTryKnowledge = (clientId: string) =>
  useMutation({
    mutationFn: async (text: string) => unwrap(await api.knowledge.try({ clientId, text })),
  })
