import type { KbEntry } from '@shared/contract/ai'
import { useId, useState, type ChangeEvent, type FormEvent, type ReactElement } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { emptyEntryForm, entryFormValues, parseEntryForm, type EntryFormValues } from './entry-form'
import { useSaveEntry } from './knowledge-queries'

type Editable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

interface FieldProps {
  id: string
  className: string
  value: string
  onChange: (event: ChangeEvent<Editable>) => void
  disabled: boolean
  'aria-invalid'?: true
  'aria-describedby'?: string
}

interface EntryFormProps {
  clientId: string
  /** The entry being edited; absent for a new one. */
  entry?: KbEntry
  defaultLanguage: string
  factKeys: readonly string[]
  onDone: () => void
}

/** Adds or edits an FAQ entry or a snippet; checked with the contract's schema before saving. */
export function EntryForm({ clientId, entry, defaultLanguage, factKeys, onDone }: EntryFormProps) {
  const id = useId()
  const [values, setValues] = useState<EntryFormValues>(
    entry ? entryFormValues(entry) : emptyEntryForm(defaultLanguage),
  )
  const [errors, setErrors] = useState<Partial<Record<keyof EntryFormValues, string>>>({})
  const save = useSaveEntry(clientId)

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseEntryForm(values)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      return
    }
    setErrors({})
    save.mutate({ ...(entry ? { id: entry.id } : {}), entry: parsed.entry }, { onSuccess: onDone })
  }

  const field = (
    name: keyof EntryFormValues,
    label: string,
    input: (props: FieldProps) => ReactElement,
    hint?: string,
  ) => {
    const inputId = `${id}-${name}`
    const describedBy = [errors[name] ? `${inputId}-error` : '', hint ? `${inputId}-hint` : '']
      .filter(Boolean)
      .join(' ')
    return (
      <div className="kb-form__field">
        <label htmlFor={inputId}>{label}</label>
        {input({
          id: inputId,
          className: 'field',
          value: values[name],
          onChange: (event) => setValues((current) => ({ ...current, [name]: event.target.value })),
          disabled: save.isPending,
          ...(errors[name] ? { 'aria-invalid': true as const } : {}),
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        })}
        {hint ? (
          <p className="muted kb-form__hint" id={`${inputId}-hint`}>
            {hint}
          </p>
        ) : null}
        {errors[name] ? (
          <p className="field-error" id={`${inputId}-error`}>
            {errors[name]}
          </p>
        ) : null}
      </div>
    )
  }

  const snippet = values.kind === 'snippet'
  return (
    <form
      className="kb-form"
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone()
      }}
      aria-label={entry ? 'Edit entry' : 'New entry'}
      noValidate
    >
      <div className="kb-form__row">
        {field('kind', 'Kind', (props) => (
          <select {...props}>
            <option value="faq">FAQ</option>
            <option value="snippet">Snippet</option>
          </select>
        ))}
        {field(
          'language',
          'Language',
          (props) => (
            <input {...props} size={4} />
          ),
          'ISO 639-1: en, es, pt…',
        )}
      </div>
      {field('question', snippet ? 'Title' : 'Question', (props) => (
        <input {...props} autoFocus />
      ))}
      {field(
        'variants',
        snippet ? 'Phrases that call it' : 'Other ways customers ask it',
        (props) => (
          <textarea {...props} rows={3} />
        ),
        'One per line.',
      )}
      {field(
        'answer',
        snippet ? 'Text' : 'Answer',
        (props) => (
          <textarea {...props} rows={4} />
        ),
        factKeys.length > 0
          ? `Cite a fact as {{key}}: ${factKeys.map((key) => `{{${key}}}`).join(', ')}`
          : 'Cite a fact as {{key}}.',
      )}
      {field(
        'tags',
        'Tags',
        (props) => (
          <input {...props} />
        ),
        'Comma-separated.',
      )}
      {save.isError ? <ErrorNotice error={save.error} title="Could not save the entry" /> : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : entry ? 'Save entry' : 'Add entry'}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
