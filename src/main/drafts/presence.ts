import type { DraftEditor } from '@shared/contract/drafts'

/**
 * Who has which draft open, across the windows and browser tabs of this core. Desktops share only
 * the relay, whose protocol has no presence frames, so agents at two desktops do not see each
 * other here (README "Reviewing AI replies"); the relay's claim still lets only one reply out.
 * A window says what it has open every few seconds while it does; one that stops saying so (closed,
 * asleep, disconnected) drops out after `ttlMs`.
 */
export interface Presence {
  /** Sets what one window has open (null: nothing); true when the list changed. */
  set(windowId: string, entry: Omit<DraftEditor, 'windowId'> | null): boolean
  editors(): DraftEditor[]
  /** Drops windows not heard from within the TTL; true when the list changed. */
  sweep(): boolean
}

export const PRESENCE_TTL_MS = 45_000

export function createPresence(now: () => number, ttlMs = PRESENCE_TTL_MS): Presence {
  const windows = new Map<string, { entry: DraftEditor; at: number }>()
  const key = (e: DraftEditor | undefined) => (e ? `${e.draftId}|${e.agentName}|${e.editing}` : '')
  return {
    set(windowId, entry) {
      const before = key(windows.get(windowId)?.entry)
      if (entry === null) windows.delete(windowId)
      else windows.set(windowId, { entry: { ...entry, windowId }, at: now() })
      return before !== key(windows.get(windowId)?.entry)
    },
    editors: () =>
      [...windows.values()]
        .map((w) => w.entry)
        .sort((a, b) => a.draftId - b.draftId || a.agentName.localeCompare(b.agentName)),
    sweep() {
      let changed = false
      for (const [windowId, w] of windows)
        if (now() - w.at > ttlMs) {
          windows.delete(windowId)
          changed = true
        }
      return changed
    },
  }
}
