import { useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { showToast } from '../../stores/toast-store'
import { TemplatePreview } from '../conversations/TemplatePreview'
import { ButtonsEditor } from './ButtonsEditor'
import { AuthenticationFields, BasicsFields, BodyFields, HeaderFields } from './DraftFields'
import {
  createInput,
  emptyDraft,
  previewOf,
  type TemplateDraft,
} from '@shared/whatsapp/template-draft'
import { draftProblems } from '@shared/whatsapp/template-rules'
import { useCreateTemplate } from './templates-queries'

/**
 * Writes a template and submits it for Meta's review: name, language, category, variables
 * format, header, body with examples, footer and buttons, checked against Meta's rules as it is
 * typed (shown once the user tries to submit), with a live preview.
 */
export function NewTemplateForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const id = useId()
  const [draft, setDraft] = useState<TemplateDraft>(emptyDraft)
  const [tried, setTried] = useState(false)
  const summary = useRef<HTMLDivElement>(null)
  const create = useCreateTemplate(clientId)
  const problems = useMemo(() => draftProblems(draft), [draft])
  const errors = useMemo(() => {
    const byField: Record<string, string> = {}
    if (!tried) return byField
    for (const { field, message } of problems)
      byField[field] = byField[field] ? `${byField[field]} ${message}` : message
    return byField
  }, [problems, tried])
  const preview = previewOf(draft)

  const update = (patch: Partial<TemplateDraft>) =>
    setDraft((current) => ({ ...current, ...patch }))
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (problems.length > 0) {
      summary.current?.focus()
      return
    }
    create.mutate(createInput(clientId, draft), {
      onSuccess: (row) => {
        showToast(`Template ${row.name} submitted: Meta is reviewing it.`)
        onDone()
      },
    })
  }
  const parts = { id, draft, update, errors }

  return (
    <form
      className="template-form"
      aria-label="New template"
      data-testid="new-template-form"
      onSubmit={onSubmit}
      noValidate
    >
      <div className="template-form__columns">
        <div className="template-form__fields">
          <BasicsFields {...parts} />
          {draft.category === 'AUTHENTICATION' ? (
            <AuthenticationFields {...parts} />
          ) : (
            <>
              <HeaderFields {...parts} />
              <BodyFields {...parts} />
              <ButtonsEditor {...parts} />
            </>
          )}
        </div>
        <aside className="template-form__preview" aria-label="How the customer sees it">
          <h3 className="template-form__preview-title">Preview</h3>
          <TemplatePreview form={preview.form} header={preview.header} body={preview.body} />
        </aside>
      </div>
      {tried && problems.length > 0 ? (
        <div
          className="notice notice--error"
          role="alert"
          tabIndex={-1}
          ref={summary}
          data-testid="template-problems"
        >
          <p className="notice__title">
            Fix {problems.length === 1 ? 'this' : `these ${problems.length} things`} before
            submitting:
          </p>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {create.isError ? (
        <ErrorNotice error={create.error} title="Meta did not accept the template" />
      ) : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Submitting…' : 'Submit for review'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
