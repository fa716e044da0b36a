import type { ReactElement, ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/** A labelled control with an optional hint and the problem to fix, tied to it for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
  children: (props: ControlProps) => ReactElement
}) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ')
  return (
    <div className="template-form__field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <p className="muted template-form__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** A labelled one-line text input. */
export function TextField({
  value,
  onChange,
  inputMode,
  ...field
}: {
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
  value: string
  onChange: (value: string) => void
  inputMode?: 'numeric'
}) {
  return (
    <Field {...field}>
      {(props) => (
        <input
          {...props}
          className="field"
          value={value}
          autoComplete="off"
          {...(inputMode ? { inputMode } : {})}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  )
}
