import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { settingsViewQuery } from '../../queries/settings-queries'
import { SettingRow } from './SettingRow'

export function ConfigurationSection() {
  const { data, error, isPending, refetch } = useQuery(settingsViewQuery())

  return (
    <section className="panel" aria-labelledby="configuration-heading">
      <div className="panel__header">
        <h2 className="panel__title" id="configuration-heading">
          Configuration
        </h2>
        <p className="panel__lead">
          A value from the environment or <code>.env</code> wins over one saved here and is locked
          in this table; change it where it is set and restart.
        </p>
      </div>
      {isPending ? (
        <p className="muted" aria-busy="true">
          Loading configuration…
        </p>
      ) : error ? (
        <ErrorNotice
          error={error}
          title="Could not load the configuration"
          onRetry={() => void refetch()}
          testId="configuration-error"
        />
      ) : (
        <div className="table-scroll">
          <table className="config-table" data-testid="configuration-table">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Environment variable</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <SettingRow key={entry.key} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
