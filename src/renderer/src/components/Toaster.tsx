import { useEffect } from 'react'
import { useToastStore, type Toast } from '../stores/toast-store'

/** How long a toast stays; long enough to read twice (WCAG 2.2.1 lets the user dismiss it too). */
const TOAST_MS = 8_000

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToastStore((store) => store.dismiss)
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS)
    return () => clearTimeout(timer)
  }, [dismiss, toast.id])
  return (
    <li className={`toast toast--${toast.tone}`} data-testid="toast" data-tone={toast.tone}>
      <span className="toast__message">{toast.message}</span>
      <button
        type="button"
        className="toast__close"
        onClick={() => dismiss(toast.id)}
        aria-label="Dismiss notification"
      >
        ×
      </button>
    </li>
  )
}

/**
 * The one live region for toasts. It exists from the first render, so screen readers announce
 * what is added to it later (a region created together with its text is often not announced).
 */
export function Toaster() {
  const toasts = useToastStore((store) => store.toasts)
  return (
    <div className="toaster" role="status" aria-live="polite" aria-label="Notifications">
      <ul className="toaster__list">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ul>
    </div>
  )
}
