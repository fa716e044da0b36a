import { useQuery } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { signupSessionsQuery } from '../../queries/clients-queries'
import { signupScreenText } from './labels'
import { OnboardingProgress } from './OnboardingProgress'
import { abandonSignup, phaseFromSession, startSignup } from './signup-flow'
import { isSignupOpen, useSignupStore, type SignupPhase } from './signup-store'

/** The one action that only a new Embedded Signup can take: run it again, for the same client. */
function RunSignupAgain({ clientId }: { clientId: string | null }) {
  return (
    <button
      type="button"
      className="button button--primary"
      onClick={() => void startSignup(clientId ? { clientId } : {})}
      data-testid="signup-again"
    >
      Run signup again
    </button>
  )
}

/** Electron: follows the signup window's attempt through the sessions the core records. */
function useFollowWindow(phase: SignupPhase) {
  const sessionId = phase.phase === 'in-window' ? phase.sessionId : null
  const sessions = useQuery({ ...signupSessionsQuery(), enabled: sessionId !== null })
  const set = useSignupStore((store) => store.set)
  useEffect(() => {
    if (!sessionId) return
    const session = sessions.data?.find((candidate) => candidate.id === sessionId)
    const next = session ? phaseFromSession(session) : undefined
    if (next) set(next)
  }, [sessionId, sessions.data, set])
}

function PhaseView({ phase }: { phase: SignupPhase }) {
  switch (phase.phase) {
    case 'idle':
      return null
    case 'starting':
      return <p>Opening Embedded Signup…</p>
    case 'in-popup':
      return (
        <div className="signup__waiting">
          <p>
            Waiting for the client to finish Embedded Signup in the pop-up window. The client signs
            in with Facebook there and chooses the business, the WhatsApp Business account and the
            phone number.
          </p>
          <button type="button" className="button button--secondary" onClick={abandonSignup}>
            Stop waiting
          </button>
        </div>
      )
    case 'in-window':
      return (
        <div className="signup__waiting">
          <p>Complete Embedded Signup in the window that opened.</p>
          <button type="button" className="button button--secondary" onClick={abandonSignup}>
            Stop waiting
          </button>
        </div>
      )
    case 'submitting':
      return <p>Exchanging the code for the business token…</p>
    case 'started':
      return <OnboardingProgress clientId={phase.clientId} />
    case 'cancelled':
      return (
        <div className="notice notice--warning" role="alert" data-testid="signup-cancelled">
          <p className="notice__title">Signup cancelled</p>
          <p>
            The client left Embedded Signup{signupScreenText(phase.currentStep)}. Nothing was set
            up; the attempt is recorded below.
          </p>
          <RunSignupAgain clientId={null} />
        </div>
      )
    case 'signup-error':
      return (
        <div className="notice notice--error" role="alert" data-testid="signup-error">
          <p className="notice__title">Embedded Signup reported an error</p>
          <p>{phase.errorMessage}</p>
          {phase.errorCode ? <p className="notice__meta">Meta error {phase.errorCode}</p> : null}
          <RunSignupAgain clientId={null} />
        </div>
      )
    case 'closed':
      return (
        <div className="notice notice--warning" role="alert" data-testid="signup-closed">
          <p>The signup window was closed before the client finished.</p>
          <RunSignupAgain clientId={null} />
        </div>
      )
    case 'failed':
      return (
        <div className="stack" data-testid="signup-failed">
          <ErrorNotice
            error={phase.error}
            title={phase.restart ? 'Ask the client to run signup again' : 'Signup could not start'}
          />
          {phase.restart ? <RunSignupAgain clientId={phase.clientId} /> : null}
        </div>
      )
  }
}

/**
 * "Continue with Facebook" and what follows: the popup (browser mode) or signup window (Electron),
 * the code exchange, then the client's steps live until it is onboarded.
 */
export function SignupPanel() {
  const phase = useSignupStore((store) => store.current)
  const [coexistence, setCoexistence] = useState(false)
  const coexistenceId = useId()
  useFollowWindow(phase)
  const open = isSignupOpen(phase)

  return (
    <section className="panel" aria-labelledby="signup-heading" data-testid="signup-panel">
      <div className="panel__header--action">
        <div>
          <h2 className="panel__title" id="signup-heading">
            Onboard a client
          </h2>
          <p className="panel__lead">
            The client signs in with Facebook and shares their WhatsApp Business account; the
            console then exchanges the code, subscribes webhooks, shares your credit line and
            registers the phone number.
          </p>
        </div>
        <button
          type="button"
          className="button button--primary button--facebook"
          onClick={() => void startSignup(coexistence ? { coexistence } : {})}
          disabled={phase.phase === 'starting' || phase.phase === 'submitting'}
          data-testid="continue-with-facebook"
        >
          Continue with Facebook
        </button>
      </div>
      <label className="checkbox" htmlFor={coexistenceId}>
        <input
          id={coexistenceId}
          type="checkbox"
          checked={coexistence}
          disabled={open}
          onChange={(event) => setCoexistence(event.target.checked)}
        />
        The client keeps using the WhatsApp Business app on this number (coexistence)
      </label>
      <div aria-live="polite" data-testid="signup-phase" data-phase={phase.phase}>
        <PhaseView phase={phase} />
      </div>
    </section>
  )
}
