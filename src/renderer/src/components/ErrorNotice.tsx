import type { AppErrorData } from '@shared/contract/errors'
import { toErrorData } from '../lib/unwrap'

interface ErrorNoticeProps {
  error: unknown
  /** Short headline, e.g. "Could not load settings". The error's own message follows it. */
  title: string
  onRetry?: () => void
  testId?: string
}

const isErrorData = (value: unknown): value is AppErrorData =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value

/**
 * An error from the core, with what to do about it. Keychain problems are shown prominently: the
 * console cannot reach Meta or the AI provider until they are fixed.
 */
export function ErrorNotice({ error, title, onRetry, testId }: ErrorNoticeProps) {
  const data = isErrorData(error) ? error : toErrorData(error)
  const prominent = data.code === 'SECRET_UNAVAILABLE'
  return (
    <div
      className={prominent ? 'notice notice--critical' : 'notice notice--error'}
      role="alert"
      data-testid={testId}
      data-error-code={data.code}
    >
      <p className="notice__title">{prominent ? 'OS keychain unavailable' : title}</p>
      <p className="notice__message">{data.message}</p>
      {data.fix ? (
        <p className="notice__fix">
          <span className="notice__fix-label">How to fix: </span>
          {data.fix}
        </p>
      ) : null}
      <p className="notice__meta">
        <span>Code {data.code}</span>
        {data.correlationId ? <span>Log reference {data.correlationId}</span> : null}
      </p>
      {onRetry && data.retryable ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}
