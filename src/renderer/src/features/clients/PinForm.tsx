import { pinSchema, type ClientDetail } from '@shared/contract/onboarding'
import type { AppErrorData } from '@shared/contract/errors'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { api } from '../../lib/api'
import { toErrorData, unwrap } from '../../lib/unwrap'
import { clientKeys } from '../../queries/query-keys'

/**
 * A staff-entered two-step verification PIN (the number's existing PIN, or one staff choose),
 * instead of the generated one. Like a secret: uncontrolled input, cleared at once, never in a
 * mutation cache; the core keeps it in the OS keychain and resumes registration.
 */
export function PinForm({ client }: { client: ClientDetail }) {
  const queryClient = useQueryClient()
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const messageId = useId()
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const input = inputRef.current
    if (!input) return
    const raw = input.value
    input.value = ''
    setSaved(false)
    setError(null)
    const parsed = pinSchema.safeParse(raw)
    if (!parsed.success) {
      setMessage('Enter exactly 6 digits.')
      return
    }
    setMessage(null)
    setPending(true)
    try {
      const updated = unwrap(await api.onboarding.setPin({ clientId: client.id, pin: parsed.data }))
      queryClient.setQueryData(clientKeys.detail(client.id), updated)
      void queryClient.invalidateQueries({ queryKey: clientKeys.lists() })
      setSaved(true)
    } catch (caught) {
      setError(toErrorData(caught))
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="inline-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label className="inline-form__label" htmlFor={inputId}>
        Two-step verification PIN for {client.displayPhoneNumber ?? 'the phone number'}
      </label>
      <p className="muted">
        {client.pin.configured
          ? `A ${client.pin.source === 'staff' ? 'staff-entered' : 'generated'} PIN is in the OS keychain. Enter the number's existing PIN to use it instead.`
          : 'If the number already has a two-step PIN, enter it; otherwise the console generates one.'}
      </p>
      <div className="inline-form__row">
        <input
          ref={inputRef}
          id={inputId}
          className="field field--pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          disabled={pending}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? messageId : undefined}
          data-testid="pin-input"
        />
        <button type="submit" className="button button--secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Use this PIN'}
        </button>
      </div>
      {message ? (
        <p className="field-error" id={messageId} role="alert">
          {message}
        </p>
      ) : null}
      {saved ? (
        <p className="field-success" role="status">
          PIN saved to the OS keychain; registration continues with it.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="Could not save the PIN" /> : null}
    </form>
  )
}
