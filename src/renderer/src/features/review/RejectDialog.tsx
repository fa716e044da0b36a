import { useEffect, useRef, useState } from 'react'

/** Asks why the draft is rejected (kept in the audit), on the native <dialog>. */
export function RejectDialog({
  open,
  onReject,
  onCancel,
}: {
  open: boolean
  onReject: (reason: string) => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState('')
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      setReason('')
      dialog.showModal()
    }
    if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="reject-title"
      data-testid="reject-dialog"
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault()
          if (reason.trim()) onReject(reason.trim())
        }}
      >
        <h2 className="dialog__title" id="reject-title">
          Reject this draft?
        </h2>
        <label className="review-field">
          <span>Why (kept in the audit)</span>
          <textarea
            className="field review-field__text"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={3}
            maxLength={500}
            required
            autoFocus
          />
        </label>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={!reason.trim()}>
            Reject draft
          </button>
        </div>
      </form>
    </dialog>
  )
}
