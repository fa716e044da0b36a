import type { DraftEditor } from '@shared/contract/drafts'
import { useEffect } from 'react'
import { create } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { api } from '../../lib/api'

/** This window (or browser tab), as the core's presence list names it. */
export const WINDOW_ID =
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `w-${Math.random().toString(36).slice(2, 12)}`

interface PresenceStore {
  editors: DraftEditor[]
  set(editors: DraftEditor[]): void
}

/** Who has which draft open, in every window of this core (push event drafts:presence-changed). */
export const usePresenceStore = create<PresenceStore>()((set) => ({
  editors: [],
  set: (editors) => set({ editors }),
}))

/** Other windows' agents on this draft. */
export const useOthersOn = (draftId: number | null) =>
  usePresenceStore(
    useShallow((store) =>
      store.editors.filter((e) => e.draftId === draftId && e.windowId !== WINDOW_ID),
    ),
  )

/** While a draft is open here, the core hears so every 20 s (it forgets a window after 45 s). */
const PRESENCE_EVERY_MS = 20_000

/** Tells the core (and through it the other windows) which draft this window has open. */
export function usePresence(draftId: number | null, editing: boolean): void {
  const set = usePresenceStore((store) => store.set)
  useEffect(() => {
    const say = (id: number | null) =>
      void api.drafts
        .presence({ windowId: WINDOW_ID, draftId: id, editing: id === null ? false : editing })
        .then((result) => {
          if (result.ok) set(result.value.editors)
        })
    say(draftId)
    if (draftId === null) return
    const timer = window.setInterval(() => say(draftId), PRESENCE_EVERY_MS)
    return () => {
      window.clearInterval(timer)
      say(null)
    }
  }, [draftId, editing, set])
}
