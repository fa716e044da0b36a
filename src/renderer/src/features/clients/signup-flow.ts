import type { AppErrorData } from '@shared/contract/errors'
import {
  RESTART_SIGNUP_ACTION,
  type SignupSession,
  type SubmitSignupOutput,
} from '@shared/contract/onboarding'
import { api } from '../../lib/api'
import { useConnectionStore } from '../../stores/connection-store'
import { openSignupPopup, waitForLauncher, type LauncherWait } from './signup-popup'
import { isSignupOpen, useSignupStore, type SignupPhase } from './signup-store'

export interface SignupOptions {
  /** Re-authorize this client instead of onboarding a new one. */
  clientId?: string
  /** Offer the WhatsApp Business app (coexistence) flow. */
  coexistence?: boolean
}

/** Only a new Embedded Signup can fix this error (expired or reused code, unknown session…). */
export const needsNewSignup = (error: AppErrorData): boolean =>
  error.details?.action === RESTART_SIGNUP_ACTION

const failed = (error: AppErrorData, clientId: string | null): SignupPhase => ({
  phase: 'failed',
  error,
  restart: needsNewSignup(error),
  clientId,
})

let popup: Window | null = null
let waiting: LauncherWait | null = null

/**
 * "Continue with Facebook". Browser mode: opens the launcher in a popup (the launcher runs FB.login
 * and posts `{state, code, events}` back to this page), then hands the result to the core at once
 * — the code lives 30 seconds. Electron: the core's begin-signup opens the signup window in main,
 * which hands the result to the core itself; this page follows along through push events.
 */
export async function startSignup(options: SignupOptions = {}): Promise<void> {
  const store = useSignupStore.getState()
  const clientId = options.clientId ?? null
  if (isSignupOpen(store.current)) {
    if (popup && !popup.closed) popup.focus()
    return
  }
  const electron = useConnectionStore.getState().transport === 'ipc'
  if (!electron) {
    popup = openSignupPopup()
    if (!popup) {
      store.set(
        failed(
          {
            code: 'FORBIDDEN',
            message: 'The browser blocked the signup window.',
            fix: 'Allow pop-ups for this page, then press Continue with Facebook again.',
            retryable: false,
          },
          clientId,
        ),
      )
      return
    }
  }
  store.set({ phase: 'starting', clientId })

  const begun = await api.onboarding.beginSignup({
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.coexistence ? { coexistence: true } : {}),
    ...(electron ? {} : { openerOrigin: window.location.origin }),
  })
  if (!begun.ok) {
    popup?.close()
    store.set(failed(begun.error, clientId))
    return
  }
  const launch = begun.value
  if (electron || !popup) {
    store.set({ phase: 'in-window', sessionId: launch.sessionId, clientId })
    return
  }
  popup.location.replace(launch.launcherUrl)
  store.set({ phase: 'in-popup', sessionId: launch.sessionId, clientId })

  waiting = waitForLauncher(popup, {
    launcherOrigin: launch.launcherOrigin,
    state: launch.sessionId,
  })
  const outcome = await waiting.outcome
  waiting = null
  if (outcome.kind === 'abandoned') return store.reset()
  if (outcome.kind === 'closed') return store.set({ phase: 'closed' })

  store.set({ phase: 'submitting', sessionId: launch.sessionId })
  // The launcher has done its job; the console shows what follows.
  if (!popup.closed) popup.close()
  const { code, events } = outcome.message
  const submitted = await api.onboarding.submitSignup({
    sessionId: launch.sessionId,
    code,
    events: events as (string | Record<string, unknown>)[],
  })
  if (!submitted.ok) return store.set(failed(submitted.error, clientId))
  store.set(phaseFromSubmit(launch.sessionId, submitted.value))
}

/** Stops waiting for the popup and closes it. */
export function abandonSignup(): void {
  if (waiting) waiting.abandon()
  else useSignupStore.getState().reset()
}

export function phaseFromSubmit(sessionId: string, output: SubmitSignupOutput): SignupPhase {
  switch (output.outcome) {
    case 'started':
      return { phase: 'started', sessionId, clientId: output.client.id }
    case 'cancelled':
      return { phase: 'cancelled', sessionId, currentStep: output.currentStep }
    case 'error':
      return {
        phase: 'signup-error',
        sessionId,
        errorCode: output.errorCode,
        errorMessage: output.errorMessage,
      }
  }
}

/**
 * Electron: the phase once the core has recorded what the signup window delivered, read from the
 * session; undefined while the session is still open.
 */
export function phaseFromSession(session: SignupSession): SignupPhase | undefined {
  const last = session.events.at(-1)
  switch (session.status) {
    case 'open':
      return undefined
    case 'started':
      return session.clientId
        ? { phase: 'started', sessionId: session.id, clientId: session.clientId }
        : undefined
    case 'cancelled':
      return { phase: 'cancelled', sessionId: session.id, currentStep: last?.currentStep ?? null }
    case 'error':
      return {
        phase: 'signup-error',
        sessionId: session.id,
        errorCode: last?.errorCode ?? null,
        errorMessage: last?.errorMessage ?? 'Embedded Signup reported an error.',
      }
    case 'failed':
    case 'expired':
      return {
        phase: 'failed',
        error: {
          code: (session.error?.code as AppErrorData['code'] | undefined) ?? 'VALIDATION',
          message:
            session.error?.message ??
            'This signup expired before the client finished. Ask the client to run signup again.',
          ...(session.error?.fix ? { fix: session.error.fix } : {}),
          retryable: false,
        },
        restart: true,
        clientId: session.clientId,
      }
  }
}
