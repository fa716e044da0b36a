import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { clientDetailQuery } from '../../queries/clients-queries'
import { hrefForItem } from '../shell/routes'
import { clientStateLabels, formatTime, stateTone, stepLabels, stepStatusLabels } from './labels'
import { useProgressStore } from './progress-store'
import { StepList } from './StepList'
import { RetryButton } from './RetryButton'

const NO_EVENTS: never[] = []

/**
 * A client's pipeline as it runs: each step with its status (patched by push events as they
 * arrive), the step log in the order things happened, and Retry when a step is stuck.
 */
export function OnboardingProgress({ clientId }: { clientId: string }) {
  const detail = useQuery(clientDetailQuery(clientId))
  const events = useProgressStore((store) => store.byClient[clientId] ?? NO_EVENTS)
  const client = detail.data

  if (detail.isError) return <ErrorNotice error={detail.error} title="Could not load the client" />
  if (!client) return <p className="muted">Loading the client's steps…</p>

  return (
    <div className="progress" data-testid="onboarding-progress" data-state={client.state}>
      <p className="progress__summary">
        <span className={`status-pill status-pill--${stateTone[client.state]}`}>
          {clientStateLabels[client.state]}
        </span>{' '}
        <a href={hrefForItem('clients', client.id)}>{client.name ?? client.wabaId}</a>
      </p>
      <StepList steps={client.steps} label="Onboarding steps" />
      {client.actions.retry ? (
        <div className="stack">
          <RetryButton clientId={client.id} />
        </div>
      ) : null}
      {events.length > 0 ? (
        <details className="progress__log" open>
          <summary>Step log</summary>
          <ol aria-label="Step log" data-testid="progress-log">
            {events.map((event, index) => (
              <li
                key={`${event.at}-${index}`}
                data-step={event.step}
                data-status={event.status}
                data-testid="progress-entry"
              >
                <time dateTime={event.at}>{formatTime(event.at)}</time> — {stepLabels[event.step]}:{' '}
                {stepStatusLabels[event.status]}
                {event.message ? ` — ${event.message}` : ''}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  )
}
