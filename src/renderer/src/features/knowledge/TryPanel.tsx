import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useTryKnowledge } from './knowledge-queries'

/** Asks the local drafter a customer's question: the draft it would make, and what it matched. */
export function TryPanel({ clientId }: { clientId: string }) {
  const id = useId()
  const [text, setText] = useState('')
  const tryIt = useTryKnowledge(clientId)
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (text.trim()) tryIt.mutate(text.trim())
  }
  const result = tryIt.data
  return (
    <section className="panel" aria-labelledby="kb-try">
      <h2 className="panel__title" id="kb-try">
        Try a question
      </h2>
      <form className="kb-form kb-form--inline" onSubmit={onSubmit}>
        <label htmlFor={`${id}-text`}>Customer message</label>
        <input
          id={`${id}-text`}
          className="field kb-form__wide"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="What time do you open on Sunday?"
        />
        <button
          type="submit"
          className="button button--secondary"
          disabled={!text.trim() || tryIt.isPending}
        >
          Draft a reply
        </button>
      </form>
      {tryIt.isError ? <ErrorNotice error={tryIt.error} title="Could not draft" /> : null}
      {result ? (
        <div className="kb-try" data-testid="kb-try-result">
          {result.handoff ? (
            <p className="status-pill status-pill--warning">
              Handed to a person ({result.handoffReason})
            </p>
          ) : result.needsAnswer ? (
            <p className="status-pill status-pill--warning">
              Needs an answer: nothing in the knowledge base fits
            </p>
          ) : null}
          {result.reply ? <blockquote className="kb-try__reply">{result.reply}</blockquote> : null}
          <dl className="kb-try__facts">
            <dt>Confidence</dt>
            <dd data-testid="kb-try-confidence">{Math.round(result.confidence * 100)}%</dd>
            <dt>Customer’s language</dt>
            <dd>{result.detectedLanguage}</dd>
            <dt>Sources</dt>
            <dd>
              {result.sources.length > 0 ? result.sources.map((s) => s.title).join(' · ') : '—'}
            </dd>
          </dl>
          {result.matches.length > 0 ? (
            <details>
              <summary>Best matches</summary>
              <ol>
                {result.matches.map((match) => (
                  <li key={match.ref}>
                    {match.title}{' '}
                    <span className="muted">
                      ({match.language}, score {match.score})
                    </span>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
