import type { AppErrorData } from '@shared/contract/errors'
import { create } from 'zustand'

/**
 * Where the current Embedded Signup attempt is, for the Clients page. UI state only: what the
 * core knows (sessions, clients, steps) lives in the query cache.
 */
export type SignupPhase =
  | { phase: 'idle' }
  | { phase: 'starting'; clientId: string | null }
  /** Browser mode: the launcher popup is open. */
  | { phase: 'in-popup'; sessionId: string; clientId: string | null }
  /** Electron: main opened the signup window; the result reaches the core there. */
  | { phase: 'in-window'; sessionId: string; clientId: string | null }
  | { phase: 'submitting'; sessionId: string }
  /** The code was exchanged; the client's pipeline runs (watch its steps). */
  | { phase: 'started'; sessionId: string; clientId: string }
  | { phase: 'cancelled'; sessionId: string; currentStep: string | null }
  /** The client reported an error in Embedded Signup's error form. */
  | { phase: 'signup-error'; sessionId: string; errorCode: string | null; errorMessage: string }
  /** The popup was closed before the launcher reported anything. */
  | { phase: 'closed' }
  /** `restart`: only a new Embedded Signup can fix it (expired or reused code…). */
  | { phase: 'failed'; error: AppErrorData; restart: boolean; clientId: string | null }

interface SignupStore {
  current: SignupPhase
  set(phase: SignupPhase): void
  reset(): void
}

export const useSignupStore = create<SignupStore>()((set) => ({
  current: { phase: 'idle' },
  set: (current) => set({ current }),
  reset: () => set({ current: { phase: 'idle' } }),
}))

/** True while an attempt is open: another click focuses it instead of starting a second one. */
export const isSignupOpen = (phase: SignupPhase): boolean =>
  phase.phase === 'starting' ||
  phase.phase === 'in-popup' ||
  phase.phase === 'in-window' ||
  phase.phase === 'submitting'
