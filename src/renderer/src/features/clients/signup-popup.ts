import { isSignupResultMessage, type SignupResultMessage } from '@shared/signup/launcher-protocol'

/** How long a closed popup's last message may still be in flight before the close counts. */
const CLOSE_GRACE_MS = 1_000
const POLL_MS = 400

/** The popup's name: a second click reuses the same window instead of stacking popups. */
const POPUP_NAME = 'wapc-embedded-signup'

/**
 * Opens the (still empty) launcher popup. Called synchronously in the click handler, before the
 * core is asked for the launcher URL, so the browser counts it as user-initiated.
 */
export function openSignupPopup(win: Window = window): Window | null {
  const width = 760
  const height = 820
  const left = Math.max(0, Math.round((win.screen.width - width) / 2))
  return win.open(
    'about:blank',
    POPUP_NAME,
    `popup,width=${width},height=${height},left=${left},top=40`,
  )
}

export type LauncherOutcome =
  { kind: 'result'; message: SignupResultMessage } | { kind: 'closed' } | { kind: 'abandoned' }

export interface LauncherWait {
  outcome: Promise<LauncherOutcome>
  /** Stops waiting (the user gave up): resolves the outcome as `abandoned`. */
  abandon(): void
}

/**
 * Waits for the launcher's result: a `message` event from exactly the launcher's origin, sent by
 * this popup, carrying this attempt's state. Anything else is ignored (other windows, the ES
 * dialog's own traffic, a stale attempt). A popup closed without a result ends the wait.
 */
export function waitForLauncher(
  popup: Window,
  expected: { launcherOrigin: string; state: string },
  win: Window = window,
): LauncherWait {
  let finish: (outcome: LauncherOutcome) => void = () => {}
  const outcome = new Promise<LauncherOutcome>((resolve) => (finish = resolve))
  let done = false
  let graceTimer: ReturnType<typeof setTimeout> | undefined

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== expected.launcherOrigin || event.source !== popup) return
    if (!isSignupResultMessage(event.data) || event.data.state !== expected.state) return
    end({ kind: 'result', message: event.data })
  }
  const poll = setInterval(() => {
    if (!popup.closed || graceTimer !== undefined) return
    graceTimer = setTimeout(() => end({ kind: 'closed' }), CLOSE_GRACE_MS)
  }, POLL_MS)

  function end(result: LauncherOutcome) {
    if (done) return
    done = true
    clearInterval(poll)
    if (graceTimer !== undefined) clearTimeout(graceTimer)
    win.removeEventListener('message', onMessage)
    finish(result)
  }

  win.addEventListener('message', onMessage)
  return {
    outcome,
    abandon: () => {
      if (!popup.closed) popup.close()
      end({ kind: 'abandoned' })
    },
  }
}
