import type { ClientDetail } from '@shared/contract/onboarding'
import { formatTime } from './labels'

/** A short, readable form of an audit entry's details (never secrets: the core redacts them). */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ')
}

/** Every step and staff action for this client, newest first, from the audit trail. */
export function ClientHistory({ history }: { history: ClientDetail['history'] }) {
  return (
    <section className="panel" aria-labelledby="client-history">
      <h2 className="panel__title" id="client-history">
        History
      </h2>
      {history.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table" data-testid="client-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td>
                    <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{detailsText(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
