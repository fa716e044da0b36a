import { aiPolicySchema, type AiPolicy } from '@shared/contract/drafts'
import { useQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { showToast } from '../../stores/toast-store'
import { hrefFor } from '../shell/routes'
import { policyLabels } from './labels'
import { clientPolicyQuery, useSetClientPolicy } from './review-queries'

/** The client page's AI policy: how this client's drafts go out (a conversation may override it). */
export function AiPolicyPanel({ clientId }: { clientId: string }) {
  const id = useId()
  const current = useQuery(clientPolicyQuery(clientId))
  const save = useSetClientPolicy(clientId)
  const [choice, setChoice] = useState<{ policy: AiPolicy; seconds: string } | null>(null)
  const policy = choice?.policy ?? current.data?.policy ?? 'review'
  const seconds = choice?.seconds ?? String(current.data?.timeoutSeconds ?? 120)
  const secondsValue = Number(seconds)
  const secondsValid = Number.isInteger(secondsValue) && secondsValue >= 5 && secondsValue <= 86_400

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (policy === 'review-with-timeout' && !secondsValid) return
    save.mutate(
      { policy, ...(policy === 'review-with-timeout' ? { timeoutSeconds: secondsValue } : {}) },
      {
        onSuccess: () => {
          setChoice(null)
          showToast('AI policy saved.')
        },
      },
    )
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ai-policy">
      <h2 className="panel__title" id={`${id}-title`}>
        AI replies
      </h2>
      <p className="panel__lead">
        How drafts for this client’s customers go out. Low-confidence drafts, questions the
        knowledge base cannot answer and requests for a person always wait in{' '}
        <a href={hrefFor('review')}>Review</a>; a conversation can override this.
      </p>
      {current.isError ? (
        <ErrorNotice error={current.error} title="Could not load the AI policy" />
      ) : null}
      <form className="ai-policy" onSubmit={onSubmit}>
        <label htmlFor={`${id}-policy`}>Policy</label>
        <select
          id={`${id}-policy`}
          className="field"
          value={policy}
          onChange={(event) =>
            setChoice({ policy: aiPolicySchema.parse(event.target.value), seconds })
          }
          disabled={current.isPending}
        >
          {aiPolicySchema.options.map((option) => (
            <option key={option} value={option}>
              {policyLabels[option]}
            </option>
          ))}
        </select>
        {policy === 'review-with-timeout' ? (
          <>
            <label htmlFor={`${id}-seconds`}>Send after (seconds)</label>
            <input
              id={`${id}-seconds`}
              className="field ai-policy__seconds"
              type="number"
              min={5}
              max={86_400}
              value={seconds}
              aria-invalid={secondsValid ? undefined : true}
              onChange={(event) => setChoice({ policy, seconds: event.target.value })}
            />
          </>
        ) : null}
        <button
          type="submit"
          className="button button--secondary"
          disabled={choice === null || save.isPending}
        >
          {save.isPending ? 'Saving…' : 'Save policy'}
        </button>
      </form>
      {current.data?.updatedBy ? (
        <p className="muted" data-testid="ai-policy-updated">
          Set by {current.data.updatedBy}
          {current.data.updatedAt ? ` on ${new Date(current.data.updatedAt).toLocaleString()}` : ''}
          .
        </p>
      ) : (
        <p className="muted">New clients start on review.</p>
      )}
      {save.isError ? <ErrorNotice error={save.error} title="Could not save the policy" /> : null}
    </section>
  )
}
