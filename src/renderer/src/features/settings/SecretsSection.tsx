import { useQuery } from '@tanstack/react-query'
import { ErrorNotice } from '../../components/ErrorNotice'
import { secretStatusQuery } from '../../queries/secrets-queries'
import { SecretRow } from './SecretRow'

export function SecretsSection() {
  const { data, error, isPending, refetch, isFetching } = useQuery(secretStatusQuery())

  return (
    <section className="panel" aria-labelledby="secrets-heading">
      <div className="panel__header">
        <h2 className="panel__title" id="secrets-heading">
          Secrets
        </h2>
        <p className="panel__lead">
          Stored in the operating system&apos;s keychain, never in the data directory. A saved value
          cannot be displayed again — only its last four characters, to tell keys apart.
        </p>
      </div>
      {isPending ? (
        <p className="muted" aria-busy="true">
          Reading the keychain…
        </p>
      ) : error ? (
        <div className="stack">
          <ErrorNotice error={error} title="Could not read the keychain" testId="secrets-error" />
          <div>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void refetch()}
              disabled={isFetching}
            >
              {isFetching ? 'Checking…' : 'Check again'}
            </button>
          </div>
        </div>
      ) : (
        <ul className="secret-list" data-testid="secrets-list">
          {data.map((status) => (
            <SecretRow key={status.name} status={status} />
          ))}
        </ul>
      )}
    </section>
  )
}
