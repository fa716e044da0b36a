import {
  secretLabels,
  secretValueSchema,
  type SecretSource,
  type SecretStatus,
} from '@shared/contract/secrets'
import { useId, useRef, useState, type FormEvent } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { maskedHint } from './secret-format'
import { useClearSecret } from './useClearSecret'
import { useSaveSecret } from './useSaveSecret'

/** Says where the value came from only when this start took it from `.env` or the environment. */
function SecretSourceNote({ env, takenFrom }: { env: string; takenFrom: SecretSource | null }) {
  return (
    <p className="secret-row__env muted">
      {takenFrom === 'dotenv' ? (
        <>
          Moved from <code>{env}</code> in <code>.env</code> into the keychain at this start.
        </>
      ) : takenFrom === 'environment' ? (
        <>
          Set by <code>{env}</code> in the environment: saved to the keychain at every start,
          replacing a value saved here.
        </>
      ) : (
        <>
          Can also be given as <code>{env}</code> in the environment or <code>.env</code>.
        </>
      )}
    </p>
  )
}

export function SecretRow({ status }: { status: SecretStatus }) {
  const { name } = status
  const { label, env } = secretLabels[name]
  const inputId = useId()
  const messageId = useId()
  // Uncontrolled on purpose: a controlled input would keep the secret in React state.
  const inputRef = useRef<HTMLInputElement>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const saver = useSaveSecret(name)
  const clearer = useClearSecret(name)

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const input = inputRef.current
    if (!input) return
    const raw = input.value
    // Cleared before anything else happens: from here on the value lives only in this call.
    input.value = ''
    clearer.reset()
    if (raw === '') {
      saver.dismiss()
      setMessage('Enter the new value first.')
      return
    }
    const parsed = secretValueSchema.safeParse(raw)
    if (!parsed.success) {
      saver.dismiss()
      setMessage(
        `Not saved — ${parsed.error.issues[0]?.message ?? 'invalid value'}. Enter it again.`,
      )
      return
    }
    setMessage(null)
    void saver.save(parsed.data)
  }

  const busy = saver.pending || clearer.isPending

  return (
    <li className="secret-row" data-testid={`secret-row-${name}`}>
      <div className="secret-row__head">
        <div>
          <h3 className="secret-row__label" id={`${inputId}-label`}>
            {label}
          </h3>
          <SecretSourceNote env={env} takenFrom={status.takenFrom} />
        </div>
        <div className="secret-row__status">
          {status.configured ? (
            <>
              <span className="status-pill status-pill--ok" data-testid={`secret-status-${name}`}>
                Configured
              </span>
              {status.hint ? (
                <span className="secret-row__hint" data-testid={`secret-hint-${name}`}>
                  <span className="visually-hidden">ends in </span>
                  {maskedHint(status.hint)}
                </span>
              ) : null}
            </>
          ) : (
            <span className="status-pill status-pill--off" data-testid={`secret-status-${name}`}>
              Not set
            </span>
          )}
        </div>
      </div>
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <label className="inline-form__label" htmlFor={inputId}>
          {status.configured ? 'Replace with a new value' : 'Value'}
        </label>
        <div className="inline-form__row">
          <input
            ref={inputRef}
            id={inputId}
            className="field field--secret"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            disabled={busy}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? messageId : undefined}
            data-testid={`secret-input-${name}`}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            aria-label={`Save ${label}`}
            data-testid={`secret-save-${name}`}
          >
            {saver.pending ? 'Saving…' : 'Save'}
          </button>
          {status.configured ? (
            <button
              type="button"
              className="button button--danger-outline"
              disabled={busy}
              onClick={() => setConfirming(true)}
              aria-label={`Clear ${label}`}
              data-testid={`secret-clear-${name}`}
            >
              {clearer.isPending ? 'Clearing…' : 'Clear'}
            </button>
          ) : null}
        </div>
        {message ? (
          <p
            className="field-error"
            id={messageId}
            role="alert"
            data-testid={`secret-error-${name}`}
          >
            {message}
          </p>
        ) : null}
        {saver.saved ? (
          <p className="field-success" role="status" data-testid={`secret-saved-${name}`}>
            Saved to the OS keychain.
          </p>
        ) : null}
      </form>
      {saver.error ? (
        <ErrorNotice
          error={saver.error}
          title={`Could not save ${label}`}
          testId={`secret-server-error-${name}`}
        />
      ) : null}
      {clearer.isError ? (
        <ErrorNotice
          error={clearer.error}
          title={`Could not clear ${label}`}
          testId={`secret-server-error-${name}`}
        />
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Clear the ${label}?`}
        body={`It will be deleted from the OS keychain. Anything that needs it stops working until a new value is saved.`}
        confirmLabel="Clear secret"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          saver.dismiss()
          clearer.mutate()
        }}
        testId={`secret-confirm-${name}`}
      />
    </li>
  )
}
