import type { StepDetail } from '@shared/contract/onboarding'
import { hrefFor } from '../shell/routes'
import { stepLabels, stepStatusLabels, stepTone } from './labels'

type Step = Pick<StepDetail, 'step' | 'status'> & Partial<StepDetail>

/** A step waiting for a setting or secret names Settings in its message: link there. */
const waitsForSettings = (step: Step): boolean =>
  step.status === 'waiting' && /\bSettings\b/.test(step.message ?? '')

/**
 * The pipeline's steps in order, each with its status, and — when the step has details — what it
 * is doing or waiting for, and its last error with the fix.
 */
export function StepList({ steps, label }: { steps: Step[]; label: string }) {
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((step) => (
        <li
          key={step.step}
          className={`steps__item steps__item--${step.status}`}
          data-testid={`step-${step.step}`}
          data-status={step.status}
        >
          <span className={`status-pill status-pill--${stepTone[step.status]}`}>
            {stepStatusLabels[step.status]}
          </span>
          <div className="steps__body">
            <p className="steps__label">{stepLabels[step.step]}</p>
            {step.message ? <p className="steps__message">{step.message}</p> : null}
            {waitsForSettings(step) ? (
              <p>
                <a href={hrefFor('settings')}>Open Settings</a>
              </p>
            ) : null}
            {step.lastError && step.status !== 'done' ? (
              <p className="steps__error">
                {step.lastError.message}
                {step.lastError.graphCode !== null
                  ? ` (Meta error ${step.lastError.graphCode})`
                  : ''}
                {step.lastError.fix ? (
                  <>
                    {' '}
                    <span className="steps__fix">How to fix: {step.lastError.fix}</span>
                  </>
                ) : null}
              </p>
            ) : null}
            {step.attempts !== undefined && step.attempts > 1 ? (
              <p className="muted steps__meta">{step.attempts} attempts</p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  )
}
