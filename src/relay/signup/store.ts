/** One launcher result, as the page POSTs it. */
export interface SignupResult {
  state: string
  code: string | null
  events: unknown[]
}

/**
 * Where signup attempts wait for their result: in the relay's memory (SQLite, one instance) or in
 * Redis (shared, so the launcher's POST may reach any instance and the desktop's tunnel another).
 * Every step is atomic, so a result is handed out once.
 */
export interface SignupStore {
  /** Registers `state` for a desktop (or refreshes it); false when another desktop holds it. */
  register(state: string, desktopId: string, ttlMs: number): Promise<boolean>
  /** Uses up the state and files its result for the desktop; the desktop id, or null when unknown or used. */
  submit(result: SignupResult, ttlMs: number): Promise<string | null>
  /** Removes and returns the results waiting for a desktop. */
  take(desktopId: string): Promise<SignupResult[]>
  /** Puts back results that could not be sent after all. */
  restore(desktopId: string, results: SignupResult[], ttlMs: number): Promise<void>
  /** Called with the desktop id whenever a result is filed (on any instance, with Redis). */
  onFiled(listener: (desktopId: string) => void): () => void
  close(): Promise<void>
}

/** The single-instance store: plain maps, with expiry. */
export function memorySignupStore(now: () => number): SignupStore {
  const states = new Map<string, { desktopId: string; expiresAt: number }>()
  const waiting = new Map<string, { results: SignupResult[]; expiresAt: number }>()
  const listeners = new Set<(desktopId: string) => void>()
  const prune = () => {
    const t = now()
    for (const [state, entry] of states) if (entry.expiresAt <= t) states.delete(state)
    for (const [desktop, entry] of waiting) if (entry.expiresAt <= t) waiting.delete(desktop)
  }
  const file = (desktopId: string, results: SignupResult[], ttlMs: number) => {
    const entry = waiting.get(desktopId)
    waiting.set(desktopId, {
      results: [...(entry?.results ?? []), ...results],
      expiresAt: now() + ttlMs,
    })
  }
  return {
    register: async (state, desktopId, ttlMs) => {
      prune()
      const holder = states.get(state)
      if (holder && holder.desktopId !== desktopId) return false
      states.set(state, { desktopId, expiresAt: now() + ttlMs })
      return true
    },
    submit: async (result, ttlMs) => {
      prune()
      const holder = states.get(result.state)
      if (!holder) return null
      states.delete(result.state)
      file(holder.desktopId, [result], ttlMs)
      for (const listener of listeners) listener(holder.desktopId)
      return holder.desktopId
    },
    take: async (desktopId) => {
      prune()
      const entry = waiting.get(desktopId)
      waiting.delete(desktopId)
      return entry?.results ?? []
    },
    restore: async (desktopId, results, ttlMs) => file(desktopId, results, ttlMs),
    onFiled: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: async () => listeners.clear(),
  }
}
