import type { EventPayload } from '@shared/contract/channels'
import { create } from 'zustand'

export type ProgressEvent = EventPayload<'onboarding:progress'>

/** Per client, the most recent progress events (newest last); enough for the live step log. */
const KEEP = 50

interface ProgressStore {
  byClient: Record<string, ProgressEvent[]>
  record(event: ProgressEvent): void
}

/** Live step-by-step progress as it was pushed: UI state, the query cache keeps the truth. */
export const useProgressStore = create<ProgressStore>()((set) => ({
  byClient: {},
  record: (event) =>
    set((state) => ({
      byClient: {
        ...state.byClient,
        [event.clientId]: [...(state.byClient[event.clientId] ?? []), event].slice(-KEEP),
      },
    })),
}))
