import { ErrorNotice } from '../../components/ErrorNotice'
import { useRetry } from './useClientActions'

/** Runs the client's pipeline again from its first unfinished step; shows why if it cannot. */
export function RetryButton({
  clientId,
  primary = false,
}: {
  clientId: string
  primary?: boolean
}) {
  const retry = useRetry(clientId)
  return (
    <>
      <button
        type="button"
        className={`button ${primary ? 'button--primary' : 'button--secondary'}`}
        onClick={() => retry.mutate()}
        disabled={retry.isPending}
      >
        {retry.isPending ? 'Retrying…' : 'Retry from the failed step'}
      </button>
      {retry.isError ? <ErrorNotice error={retry.error} title="Could not retry" /> : null}
    </>
  )
}
