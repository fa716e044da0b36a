import { clientStates, type ClientState } from '@shared/contract/onboarding'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useDeferredValue, useId, useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { clientsListQuery } from '../../queries/clients-queries'
import { hrefForItem } from '../shell/routes'
import { clientStateLabels, formatTime, stateTone, stepLabels } from './labels'

/**
 * Every client with its pipeline state, phone, quality and last activity; filtered by state and
 * searched by name, phone or id (the core filters, so the list stays right as it grows).
 */
export function ClientsList() {
  const [state, setState] = useState<ClientState | ''>('')
  const [search, setSearch] = useState('')
  const query = useDeferredValue(search.trim())
  const filterId = useId()
  const searchId = useId()
  const list = useQuery({
    ...clientsListQuery({ ...(state ? { state } : {}), ...(query ? { query } : {}) }),
    placeholderData: keepPreviousData,
  })
  const rows = list.data ?? []
  const filtered = state !== '' || query !== ''

  return (
    <section className="panel" aria-labelledby="clients-heading">
      <div className="panel__header--action">
        <h2 className="panel__title" id="clients-heading">
          Clients
        </h2>
        <div className="filters" role="search" aria-label="Filter clients">
          <label htmlFor={filterId} className="visually-hidden">
            Show clients in state
          </label>
          <select
            id={filterId}
            className="field"
            value={state}
            onChange={(event) => setState(event.target.value as ClientState | '')}
            data-testid="clients-filter"
          >
            <option value="">All states</option>
            {clientStates.map((value) => (
              <option key={value} value={value}>
                {clientStateLabels[value]}
              </option>
            ))}
          </select>
          <label htmlFor={searchId} className="visually-hidden">
            Search clients by name, phone or id
          </label>
          <input
            id={searchId}
            className="field"
            type="search"
            placeholder="Search name, phone or id"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            maxLength={100}
            data-testid="clients-search"
          />
        </div>
      </div>
      {list.isError ? (
        <ErrorNotice
          error={list.error}
          title="Could not load clients"
          onRetry={() => list.refetch()}
        />
      ) : null}
      {list.isPending ? <p className="muted">Loading clients…</p> : null}
      {list.isSuccess && rows.length === 0 ? (
        <p className="muted" data-testid="clients-empty">
          {filtered
            ? 'No client matches this filter.'
            : 'No clients yet. Press Continue with Facebook to onboard the first one.'}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="config-table clients-table" data-testid="clients-table">
            <caption className="visually-hidden">Clients and their onboarding state</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">State</th>
                <th scope="col">Phone</th>
                <th scope="col">Quality</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid={`client-row-${row.id}`} data-state={row.state}>
                  <th scope="row">
                    <a href={hrefForItem('clients', row.id)}>{row.name ?? row.wabaId}</a>
                    <span className="clients-table__id muted">WABA {row.wabaId}</span>
                  </th>
                  <td>
                    <span
                      className={`status-pill status-pill--${stateTone[row.state]}`}
                      data-testid="client-state"
                    >
                      {clientStateLabels[row.state]}
                    </span>
                    {row.currentStep && row.state !== 'onboarded' ? (
                      <span className="clients-table__step muted">
                        {stepLabels[row.currentStep]}
                      </span>
                    ) : null}
                    {row.paused ? (
                      <span className="status-pill status-pill--error">Sending paused</span>
                    ) : null}
                    {row.warnings.map((warning) => (
                      <span key={warning} className="clients-table__warning">
                        {warning}
                      </span>
                    ))}
                  </td>
                  <td>{row.displayPhoneNumber ?? <span className="muted">No number yet</span>}</td>
                  <td>{row.qualityRating ?? <span className="muted">—</span>}</td>
                  <td>
                    <time dateTime={row.lastActivityAt}>{formatTime(row.lastActivityAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
