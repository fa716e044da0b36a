import type { AppErrorData } from '@shared/contract/errors'
import type { SecretStatus, UserSecretName } from '@shared/contract/secrets'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { api } from '../../lib/api'
import { toErrorData, unwrap } from '../../lib/unwrap'
import { secretKeys } from '../../queries/query-keys'

interface SaveSecretState {
  pending: boolean
  saved: boolean
  error: AppErrorData | null
}

/**
 * Sends a new secret value to the core. Deliberately not useMutation: TanStack keeps a mutation's
 * variables in its cache (and devtools), and a secret must not outlive this call. The value exists
 * only as the argument of `save`; the cache receives the returned status (configured + hint).
 */
export function useSaveSecret(name: UserSecretName) {
  const queryClient = useQueryClient()
  const [state, setState] = useState<SaveSecretState>({ pending: false, saved: false, error: null })

  const save = useCallback(
    async (value: string) => {
      setState({ pending: true, saved: false, error: null })
      try {
        const status = unwrap(await api.secrets.set({ name, value }))
        queryClient.setQueryData(secretKeys.status(), (list: SecretStatus[] | undefined) =>
          list?.map((entry) => (entry.name === name ? status : entry)),
        )
        setState({ pending: false, saved: true, error: null })
      } catch (error) {
        setState({ pending: false, saved: false, error: toErrorData(error) })
      }
    },
    [name, queryClient],
  )

  const dismiss = useCallback(() => setState({ pending: false, saved: false, error: null }), [])

  return { ...state, save, dismiss }
}
