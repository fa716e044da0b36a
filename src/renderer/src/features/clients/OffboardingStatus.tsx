import type { ClientDetail } from '@shared/contract/onboarding'
import { formatTime } from './labels'

type Offboarding = NonNullable<ClientDetail['offboarding']>

const stepText: Record<Offboarding['steps'][number]['step'], string> = {
  unsubscribe_webhooks: 'Unsubscribe webhooks',
  revoke_credit_line: 'Revoke the credit allocation',
  deregister_phone: 'Deregister the phone number',
  delete_secrets: 'Delete the token and PIN from the OS keychain',
}

const tone = { pending: 'off', done: 'ok', waiting: 'warning', failed: 'error', skipped: 'off' }

/** Offboarding's steps; deregistration may wait for Meta's 10-per-72-hours limit. */
export function OffboardingStatus({ offboarding }: { offboarding: Offboarding }) {
  return (
    <section className="panel" aria-labelledby="client-offboarding">
      <h2 className="panel__title" id="client-offboarding">
        Offboarding
      </h2>
      <p className="muted">
        Started {formatTime(offboarding.startedAt)}
        {offboarding.finishedAt ? `, finished ${formatTime(offboarding.finishedAt)}` : ''}
      </p>
      <ol className="steps" aria-label="Offboarding steps">
        {offboarding.steps.map((step) => (
          <li key={step.step} className="steps__item" data-testid={`offboard-${step.step}`}>
            <span className={`status-pill status-pill--${tone[step.status]}`}>{step.status}</span>
            <div className="steps__body">
              <p className="steps__label">{stepText[step.step]}</p>
              {step.message ? <p className="steps__message">{step.message}</p> : null}
              {step.notBefore ? (
                <p className="muted">Possible from {formatTime(step.notBefore)}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}
