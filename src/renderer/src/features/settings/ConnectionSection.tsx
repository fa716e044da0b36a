import type { ConnectionCheck } from '@shared/contract/channels'
import { useMutation } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { api } from '../../lib/api'
import { unwrap } from '../../lib/unwrap'

const statusText: Record<ConnectionCheck['checks'][number]['status'], string> = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Problem',
  skipped: 'Not checked',
}

/**
 * Asks the core to try the partner's credentials against the platform in use (Meta, or the
 * sandbox in sandbox mode). Runs only on request: each check is a real Graph call.
 */
export function ConnectionSection() {
  const check = useMutation({ mutationFn: async () => unwrap(await api.platform.check()) })
  const report = check.data

  return (
    <section className="panel" aria-labelledby="connection-heading">
      <div className="panel__header panel__header--action">
        <h2 className="panel__title" id="connection-heading">
          Connection to WhatsApp
        </h2>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => check.mutate()}
          disabled={check.isPending}
          data-testid="connection-check"
        >
          {check.isPending ? 'Checking…' : 'Check connection'}
        </button>
      </div>
      {check.isError ? <ErrorNotice error={check.error} title="Could not run the check" /> : null}
      {report ? (
        <>
          <p className="muted" data-testid="connection-target">
            {report.mode === 'sandbox' ? 'Sandbox' : 'Meta'} at <code>{report.graphBaseUrl}</code>,
            Graph {report.graphApiVersion}, checked{' '}
            {new Date(report.checkedAt).toLocaleTimeString()}
          </p>
          <ul className="checks" data-testid="connection-results">
            {report.checks.map((item) => (
              <li
                key={item.id}
                className="checks__item"
                data-testid={`connection-${item.id}`}
                data-status={item.status}
              >
                <span className={`status-pill status-pill--${item.status}`}>
                  {statusText[item.status]}
                </span>
                <div>
                  <p className="checks__label">{item.label}</p>
                  <p className="checks__message">{item.message}</p>
                  {item.fix ? <p className="checks__fix">How to fix: {item.fix}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : check.isPending || check.isError ? null : (
        <p className="muted">
          Tries the app credentials, the system user token and the credit line against the platform
          in use.
        </p>
      )}
    </section>
  )
}
