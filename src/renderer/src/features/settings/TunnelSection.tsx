import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'
import { tunnelKeys } from '../../queries/query-keys'
import { tunnelStatusQuery } from '../../queries/tunnel-queries'
import { lagText, relayText, tunnelStateText } from '../tunnel/tunnel-format'

/** `YYYY-MM-DDTHH:mm` in local time, the value a datetime-local input takes. */
export function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return shifted.toISOString().slice(0, 16)
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The webhook relay: where events come from, how the connection stands, and "Re-sync from a date",
 * which asks the relay for every event it received since then again (the ones already here are
 * skipped, none is applied twice).
 */
export function TunnelSection() {
  const queryClient = useQueryClient()
  const { data: status, error, refetch } = useQuery(tunnelStatusQuery())
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - DAY_MS)))
  const inputId = useId()
  const resync = useMutation({
    mutationFn: async (from: Date) =>
      unwrap(await api.tunnel.resync({ since: from.toISOString() })),
    onSuccess: (next) => queryClient.setQueryData(tunnelKeys.status(), next),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const from = new Date(since)
    if (!Number.isNaN(from.getTime())) resync.mutate(from)
  }
  const lag = status ? lagText(status.lag) : null

  return (
    <section className="panel" aria-labelledby="tunnel-heading">
      <div className="panel__header">
        <h2 className="panel__title" id="tunnel-heading">
          Webhook relay
        </h2>
      </div>
      {error ? (
        <ErrorNotice
          error={error}
          title="Could not read the relay connection"
          onRetry={() => void refetch()}
        />
      ) : null}
      {status ? (
        <dl className="facts">
          <div className="facts__row">
            <dt>Relay</dt>
            <dd data-testid="tunnel-relay">{relayText(status)}</dd>
          </div>
          <div className="facts__row">
            <dt>Connection</dt>
            <dd data-testid="tunnel-state" data-state={status.state}>
              {tunnelStateText[status.state]}
              {lag && status.state !== 'off' ? ` — ${lag}` : ''}
            </dd>
          </div>
          <div className="facts__row">
            <dt>Newest event</dt>
            <dd>
              {status.lastEventAt ? new Date(status.lastEventAt).toLocaleString() : 'None yet'} (
              {status.eventsApplied.toLocaleString()} received)
            </dd>
          </div>
        </dl>
      ) : null}
      {status?.error ? (
        <div className="notice notice--error" data-testid="tunnel-error">
          <p className="notice__message">{status.error.message}</p>
          {status.error.fix ? <p className="notice__fix">How to fix: {status.error.fix}</p> : null}
        </div>
      ) : null}
      <form className="inline-form" onSubmit={submit} aria-label="Re-sync from a date">
        <label className="inline-form__label" htmlFor={inputId}>
          Re-sync from
        </label>
        <div className="inline-form__row">
          <input
            id={inputId}
            className="field"
            type="datetime-local"
            value={since}
            max={localInputValue(new Date())}
            onChange={(event) => setSince(event.target.value)}
            required
          />
          <button
            type="submit"
            className="button button--secondary"
            disabled={resync.isPending || !status || status.relay === 'none'}
          >
            {resync.isPending ? 'Re-syncing…' : 'Re-sync'}
          </button>
        </div>
        {resync.isError ? <ErrorNotice error={resync.error} title="Could not re-sync" /> : null}
        {resync.isSuccess && resync.variables ? (
          <p className="field-success" role="status">
            Replaying events the relay received since {resync.variables.toLocaleString()}. Events
            already here are skipped, never applied twice.
          </p>
        ) : (
          <p className="muted">
            Asks the relay for every event it received since then again — for example after
            restoring the data directory from a backup.
          </p>
        )}
      </form>
    </section>
  )
}
