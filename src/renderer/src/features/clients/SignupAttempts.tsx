import type { SignupSession } from '@shared/contract/onboarding'
import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { signupSessionsQuery } from '../../queries/clients-queries'
import { formatTime, signupScreenText } from './labels'

const statusText: Record<SignupSession['status'], string> = {
  open: 'In progress',
  started: 'Completed',
  cancelled: 'Cancelled',
  error: 'Error reported',
  failed: 'Failed',
  expired: 'Expired',
}

function outcomeText(session: SignupSession): string {
  const last = session.events.at(-1)
  if (session.status === 'cancelled') return `Left${signupScreenText(last?.currentStep ?? null)}`
  if (session.status === 'error') {
    const code = last?.errorCode ? ` (Meta error ${last.errorCode})` : ''
    return `${last?.errorMessage ?? 'Embedded Signup reported an error'}${code}`
  }
  if (session.error) return session.error.message
  if (last?.kind === 'finish') return last.event
  return ''
}

/** Recent Embedded Signup attempts, CANCEL and error forms included, as the core recorded them. */
export function SignupAttempts() {
  const sessions = useQuery(signupSessionsQuery())
  if (sessions.isError) {
    return <ErrorNotice error={sessions.error} title="Could not load recent signups" />
  }
  const rows = (sessions.data ?? []).filter((session) => session.status !== 'open')
  if (rows.length === 0) return null
  return (
    <section className="panel" aria-labelledby="attempts-heading">
      <h2 className="panel__title" id="attempts-heading">
        Recent signup attempts
      </h2>
      <div className="table-scroll">
        <table className="config-table" data-testid="signup-attempts">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((session) => (
              <tr
                key={session.id}
                data-testid={`attempt-${session.id}`}
                data-status={session.status}
              >
                <td>
                  <time dateTime={session.updatedAt}>{formatTime(session.updatedAt)}</time>
                </td>
                <td>{statusText[session.status]}</td>
                <td>{outcomeText(session)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
