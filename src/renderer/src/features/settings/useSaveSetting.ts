import type { SettingsPatch } from '@shared/contract/settings'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { appKeys, settingsKeys } from '../../queries/query-keys'

/** Saves one setting (`value: null` resets it) and puts the core's new view in the cache. */
export function useSaveSetting() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (patch: SettingsPatch) => unwrap(await api.settings.set(patch)),
    onSuccess: (view) => {
      queryClient.setQueryData(settingsKeys.view(), view)
      // The Graph base URL and version shown from app:info derive from settings.
      void queryClient.invalidateQueries({ queryKey: appKeys.all })
    },
  })
}
