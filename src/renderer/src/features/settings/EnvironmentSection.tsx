import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { appInfoQuery } from '../../queries/app-queries'

export function EnvironmentSection() {
  const { data: info, error, isPending, refetch } = useQuery(appInfoQuery())

  return (
    <section className="panel" aria-labelledby="environment-heading">
      <div className="panel__header">
        <h2 className="panel__title" id="environment-heading">
          Environment
        </h2>
      </div>
      {isPending ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : error ? (
        <ErrorNotice
          error={error}
          title="Could not read the core's status"
          onRetry={() => void refetch()}
        />
      ) : (
        <dl className="facts">
          <div className="facts__row">
            <dt>Mode</dt>
            <dd data-testid="settings-mode" data-mode={info.mode}>
              <span className={`mode-badge mode-badge--${info.mode}`}>
                {info.mode === 'sandbox' ? 'Sandbox' : 'Live'}
              </span>
              <span className="facts__note" data-testid="settings-mode-reason">
                {info.modeReason}
              </span>
            </dd>
          </div>
          <div className="facts__row">
            <dt>Data directory</dt>
            <dd>
              <code data-testid="settings-data-dir">{info.dataDir}</code>
            </dd>
          </div>
          {info.sandboxUrl ? (
            <div className="facts__row">
              <dt>Sandbox URL</dt>
              <dd>
                <code data-testid="settings-sandbox-url">{info.sandboxUrl}</code>
              </dd>
            </div>
          ) : null}
          <div className="facts__row">
            <dt>Graph API</dt>
            <dd>
              {info.graphBaseUrl ? (
                <code data-testid="settings-graph-base-url">{info.graphBaseUrl}</code>
              ) : (
                <span className="muted" data-testid="settings-graph-base-url">
                  {info.mode === 'sandbox'
                    ? 'Not available — the embedded sandbox is not running'
                    : 'Not configured'}
                </span>
              )}
              <span className="facts__note">
                version <span data-testid="settings-graph-version">{info.graphApiVersion}</span>
              </span>
            </dd>
          </div>
          {info.notices.length > 0 ? (
            <div className="facts__row">
              <dt>Notices</dt>
              <dd>
                <ul className="notices" data-testid="settings-notices">
                  {info.notices.map((notice) => (
                    <li key={notice}>{notice}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          <div className="facts__row">
            <dt>Version</dt>
            <dd>
              {info.name} {info.version}
              <span className="facts__note">
                {info.runtime === 'electron' ? 'Desktop app' : 'Browser mode'} on {info.platform}
              </span>
            </dd>
          </div>
        </dl>
      )}
    </section>
  )
}
