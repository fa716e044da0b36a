import type { BrowserWindowConstructorOptions } from 'electron'
import { AppError } from '@shared/contract/errors'
import type { Result } from '@shared/contract/result'
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import type { DeliveryReply } from '../../preload/signup-bridge'
import type { Logger } from '../logger'
import type { Router } from '../router'
import type { SenderFrame } from './ipc-transport'
import type { PermissionSession } from './security'
import {
  guardSignupContents,
  launcherOriginOf,
  SIGNUP_PARTITION,
  signupWindowOptions,
  type SignupContents,
} from './signup-policy'

/** What the core hands back from `onboarding:begin-signup` for the Electron shell to open. */
export interface SignupLaunch {
  /** The launcher page: the sandbox's in sandbox mode, SIGNUP_ORIGIN's in live mode. */
  url: string
  /** The signup attempt's state; the launcher's result must carry the same one. */
  state: string
}

/** The launcher's result as the signup preload forwards it; the core's contract validates it. */
export interface SignupDelivery {
  state: string
  code: unknown
  events: unknown
}

export interface SignupSession extends PermissionSession {
  clearStorageData(): Promise<void>
}

export interface SignupWindow {
  readonly webContents: { isDestroyed(): boolean }
  once(event: 'ready-to-show', listener: () => void): unknown
  on(event: 'closed', listener: () => void): unknown
  show(): void
  focus(): void
  close(): void
  isDestroyed(): boolean
  loadURL(url: string): Promise<void>
}

/** What main reads from an invoke on the signup channel (Electron's IpcMainInvokeEvent has it). */
export interface SignupInvokeEvent {
  /** Always set by Electron; optional so the app's IPC fakes fit too (absent → refused). */
  readonly sender?: unknown
  readonly senderFrame: SenderFrame | null
}

export interface SignupIpcMain {
  handle(channel: string, listener: (event: SignupInvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export interface SignupWindowsDeps {
  app: {
    on(
      event: 'web-contents-created',
      listener: (event: unknown, contents: SignupContents) => void,
    ): unknown
  }
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => SignupWindow
  /** Electron's `session` module; read only after `ready`. */
  session: { fromPartition(partition: string): SignupSession }
  ipcMain: SignupIpcMain
  /** out/preload/signup.cjs */
  preload: string
  openExternal: (url: string) => Promise<void>
  /** Hands a result to the core (`onboarding:submit-signup`). */
  submit: (delivery: SignupDelivery) => Promise<Result<unknown>>
  log: Logger
}

export interface SignupWindows {
  /** Opens the signup window on the launcher, replacing one left over from an earlier attempt. */
  open(launch: SignupLaunch): void
  /** Whether a WebContents belongs to the signup session (the window or one of its popups). */
  owns(contents: { readonly session: unknown }): boolean
  dispose(): void
}

interface Current {
  launch: SignupLaunch
  origin: string
  window: SignupWindow
  delivered: boolean
}

const isDelivery = (value: unknown): value is SignupDelivery =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { state?: unknown }).state === 'string' &&
  'code' in value &&
  'events' in value

/**
 * The Electron signup window: one at a time, on its own in-memory session, guarded by
 * signup-policy (Meta's exact hosts and the launcher's origin only). The launcher page runs
 * FB.login there, collects the `WA_EMBEDDED_SIGNUP` message events (exact origin check) and the
 * code, and posts its result to its own window, where the signup preload forwards it here; main
 * takes it only from this window's own top frame on the launcher's exact origin, with the
 * attempt's state, and only once.
 */
export function createSignupWindows(deps: SignupWindowsDeps): SignupWindows {
  const { log } = deps
  let current: Current | undefined
  let signupSession: SignupSession | undefined
  const sessionOf = () => (signupSession ??= deps.session.fromPartition(SIGNUP_PARTITION))

  const owns = (contents: { readonly session: unknown }) => contents.session === sessionOf()

  deps.app.on('web-contents-created', (_event, contents) => {
    if (!owns(contents)) return
    guardSignupContents(contents, {
      launcherOrigin: () => current?.origin,
      openExternal: deps.openExternal,
      log,
    })
  })

  const refuse = (reason: string, fields: Record<string, unknown> = {}): DeliveryReply => {
    log.warn('signup.delivery-refused', { reason, ...fields })
    return { accepted: false, reason }
  }

  const senderProblem = (event: SignupInvokeEvent, open: Current): string | null => {
    try {
      if (open.window.isDestroyed() || event.sender !== open.window.webContents) {
        return 'not sent by the signup window'
      }
      const frame = event.senderFrame
      if (!frame) return 'no sender frame'
      if (frame.parent !== null) return 'sent from a subframe'
      if (launcherOriginOf(frame.url) !== open.origin)
        return 'sent from outside the launcher origin'
      return null
    } catch {
      // WebFrameMain getters throw once the frame is gone.
      return 'sender frame unavailable'
    }
  }

  deps.ipcMain.handle(IPC_SIGNUP_RESULT, async (event, payload): Promise<DeliveryReply> => {
    const open = current
    if (!open) return refuse('no signup is under way')
    const problem = senderProblem(event, open)
    if (problem) return refuse(problem)
    if (open.delivered) return refuse('this signup already delivered its result')
    if (!isDelivery(payload)) return refuse('malformed result')
    if (payload.state !== open.launch.state) return refuse('state does not match this signup')
    open.delivered = true
    let result: Result<unknown>
    try {
      result = await deps.submit(payload)
    } catch (error) {
      log.error('signup.submit-crashed', { error })
      result = {
        ok: false,
        error: { code: 'INTERNAL', message: 'submit failed', retryable: false },
      }
    }
    if (!result.ok) log.warn('signup.submit-failed', { code: result.error.code })
    // The core has it (and the renderer hears how it goes); the window has done its job.
    if (!open.window.isDestroyed()) open.window.close()
    return result.ok ? { accepted: true } : { accepted: false, reason: result.error.message }
  })

  const open = (launch: SignupLaunch) => {
    const origin = launcherOriginOf(launch.url)
    if (!origin) {
      throw new AppError('INTERNAL', 'The signup launcher URL is not an http(s) URL.')
    }
    const previous = current
    if (previous && !previous.window.isDestroyed()) {
      if (previous.launch.state === launch.state) return previous.window.focus()
      // Superseded first, so its `closed` does not clear the session the new window will use.
      current = undefined
      previous.window.close()
    }
    const window = new deps.BrowserWindow(signupWindowOptions({ preload: deps.preload }))
    const entry: Current = { launch, origin, window, delivered: false }
    current = entry
    window.once('ready-to-show', () => window.show())
    window.on('closed', () => {
      log.info('signup.window-closed', { delivered: entry.delivered })
      // A newer attempt's window shares the session: only the last one to close clears it.
      if (current !== entry) return
      current = undefined
      // The client's Facebook session must not stay on the partner's machine.
      sessionOf()
        .clearStorageData()
        .catch((error: unknown) => log.warn('signup.clear-storage-failed', { error }))
    })
    window.loadURL(launch.url).catch((error: unknown) => {
      log.error('signup.load-failed', { origin, error })
      if (!window.isDestroyed()) window.close()
    })
    log.info('signup.window-opened', { origin })
  }

  return {
    open,
    owns,
    dispose() {
      deps.ipcMain.removeHandler(IPC_SIGNUP_RESULT)
      if (current && !current.window.isDestroyed()) current.window.close()
      current = undefined
    },
  }
}

/**
 * Electron's side of `onboarding:begin-signup`: the renderer cannot open windows, so once the core
 * has begun a signup, main opens the signup window on its launcher. The renderer gets the same
 * answer as in browser mode and follows the attempt through push events.
 */
export function openSignupWindowOnBegin(
  router: Router,
  windows: Pick<SignupWindows, 'open'>,
  log: Logger,
): Router {
  return {
    async dispatch(channel, input, ctx) {
      const result = await router.dispatch(channel, input, ctx)
      if (channel !== 'onboarding:begin-signup' || !result.ok) return result
      const launch = result.value as { sessionId: string; launcherUrl: string }
      try {
        windows.open({ url: launch.launcherUrl, state: launch.sessionId })
      } catch (error) {
        log.error('signup.window-failed', { error })
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: 'The signup window could not be opened.',
            fix: 'Restart the app and try again; the log has the details.',
            retryable: false,
          },
        }
      }
      return result
    },
  }
}
