import type { SettingEntry } from '@shared/contract/settings'
import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { choicesFor, parseSettingInput } from './setting-input'
import { useSaveSetting } from './useSaveSetting'

interface SettingEditorProps {
  entry: SettingEntry
  onDone: () => void
}

/** Inline editor for one setting: validated with the contract's schema, saved through the core. */
export function SettingEditor({ entry, onDone }: SettingEditorProps) {
  const inputId = useId()
  const messageId = useId()
  const choices = choicesFor(entry.key)
  const [draft, setDraft] = useState(entry.value ?? choices?.[0] ?? '')
  const [message, setMessage] = useState<string | null>(null)
  const save = useSaveSetting()

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseSettingInput(entry.key, draft)
    if (!parsed.ok) {
      setMessage(parsed.message)
      return
    }
    setMessage(null)
    save.mutate(parsed.patch, { onSuccess: onDone })
  }

  const fieldProps = {
    id: inputId,
    className: 'field',
    value: draft,
    disabled: save.isPending,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? messageId : undefined,
    'data-testid': `setting-input-${entry.key}`,
  } as const

  return (
    <form
      className="inline-form"
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone()
      }}
      noValidate
    >
      <label className="visually-hidden" htmlFor={inputId}>
        New value for {entry.label}
      </label>
      <div className="inline-form__row">
        {choices ? (
          <select {...fieldProps} onChange={(event) => setDraft(event.target.value)} autoFocus>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...fieldProps}
            type="text"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft(event.target.value)}
            autoFocus
          />
        )}
        <button
          type="submit"
          className="button button--primary"
          disabled={save.isPending}
          aria-label={`Save ${entry.label}`}
          data-testid={`setting-save-${entry.key}`}
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={onDone}
          aria-label={`Cancel editing ${entry.label}`}
        >
          Cancel
        </button>
      </div>
      {message ? (
        <p
          className="field-error"
          id={messageId}
          role="alert"
          data-testid={`setting-error-${entry.key}`}
        >
          {message}
        </p>
      ) : null}
      {save.isError ? (
        <ErrorNotice
          error={save.error}
          title={`Could not save ${entry.label}`}
          testId={`setting-server-error-${entry.key}`}
        />
      ) : null}
    </form>
  )
}
