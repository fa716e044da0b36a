import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { templateKeys } from '../../queries/query-keys'
import type { CreateTemplateInput } from '@shared/whatsapp/template-draft'

/** Fetches every template of the client's WABA from Meta (`templates:sync`) into the list. */
export function useSyncTemplates(clientId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.templates.sync({ clientId })),
    onSuccess: (data) => queryClient.setQueryData(templateKeys.list(clientId), data),
  })
}

/**
 * Submits a template for Meta's review (`templates:create`); it is listed PENDING at once, and
 * `templates:changed` brings the review's outcome.
 */
export function useCreateTemplate(clientId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: CreateTemplateInput) => unwrap(await api.templates.create(input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.list(clientId) }),
  })
}
