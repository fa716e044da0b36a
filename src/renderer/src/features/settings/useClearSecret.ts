import type { SecretStatus, UserSecretName } from '@shared/contract/secrets'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { secretKeys } from '../../queries/query-keys'

/** Removes a secret from the OS keychain. Only the name travels, so a mutation is fine here. */
export function useClearSecret(name: UserSecretName) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.secrets.delete({ name })),
    onSuccess: (status) => {
      queryClient.setQueryData(secretKeys.status(), (list: SecretStatus[] | undefined) =>
        list?.map((entry) => (entry.name === name ? status : entry)),
      )
    },
  })
}
