import { useQuery } from '@tanstack/react-query'
import { percent } from './labels'
import { ratesQuery } from './review-queries'

const rate = (value: number | null) => (value === null ? '—' : percent(value))

/** Acceptance and edit rates per client: of the drafts agents decided, sent as drafted / edited. */
export function RatesTable() {
  const rates = useQuery(ratesQuery())
  const clients = rates.data?.clients ?? []
  if (clients.length === 0) return null
  return (
    <section className="panel" aria-labelledby="review-rates">
      <h2 className="panel__title" id="review-rates">
        Acceptance per client
      </h2>
      <p className="panel__lead">
        Of the drafts agents decided: sent as drafted (acceptance), edited before sending, or
        rejected. Automatic sends are counted apart.
      </p>
      <table className="config-table" data-testid="review-rates">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Drafts</th>
            <th scope="col">Waiting</th>
            <th scope="col">Acceptance</th>
            <th scope="col">Edited</th>
            <th scope="col">Rejected</th>
            <th scope="col">Sent automatically</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.clientId}>
              <th scope="row">{client.clientName ?? client.clientId}</th>
              <td>{client.total}</td>
              <td>{client.pending}</td>
              <td>{rate(client.acceptanceRate)}</td>
              <td>{rate(client.editRate)}</td>
              <td>{rate(client.rejectionRate)}</td>
              <td>
                {(client.decisions.auto ?? 0) +
                  (client.decisions.timeout ?? 0) +
                  (client.decisions.handoff ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
