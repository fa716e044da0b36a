import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron'
import { AppError } from '@shared/contract/errors'
import type { Core, CoreOptions } from '../core'
import { createLogger, type Logger } from '../logger'
import { attachIpcTransport, type IpcMainLike, type PushTarget } from './ipc-transport'
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './protocol'
import {
  devServerOriginOf,
  installSecurityHooks,
  isAppUrl,
  type GuardedContents,
  type PermissionSession,
} from './security'
import type { SignupContents } from './signup-policy'
import {
  createSignupWindows,
  openSignupWindowOnBegin,
  type SignupIpcMain,
  type SignupSession,
  type SignupWindow,
} from './signup-window'
import { createMainWindow, type ThemeSource, type WindowLike } from './window'

export interface LifecycleApp {
  readonly isPackaged: boolean
  requestSingleInstanceLock(): boolean
  whenReady(): Promise<unknown>
  getPath(name: 'userData'): string
  getAppPath(): string
  quit(): void
  exit(exitCode?: number): void
  on(event: 'second-instance', listener: () => void): unknown
  on(event: 'activate', listener: () => void): unknown
  on(event: 'window-all-closed', listener: () => void): unknown
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedContents & SignupContents) => void,
  ): unknown
}

export interface AppWindow extends WindowLike {
  readonly webContents: PushTarget & {
    once(event: 'did-finish-load', listener: () => void): unknown
  }
  isMinimized(): boolean
  restore(): void
  focus(): void
}

/** The Electron modules the app uses, injected so the lifecycle can be tested with fakes. */
export interface ElectronModules {
  app: LifecycleApp
  protocol: {
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void
  }
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow & SignupWindow
  ipcMain: IpcMainLike & SignupIpcMain
  nativeTheme: ThemeSource
  dialog: { showErrorBox(title: string, content: string): void }
  shell: { openExternal(url: string): Promise<void> }
  /** Read only after `ready`: Electron throws on `session.defaultSession` before it. */
  session: {
    readonly defaultSession: PermissionSession
    fromPartition(partition: string): SignupSession
  }
}

/** The part of the core the Electron shell drives. */
export type LifecycleCore = Pick<Core, 'router' | 'events' | 'log' | 'ready' | 'close'> &
  Partial<Pick<Core, 'media'>>

export interface LifecycleOptions {
  createCore: (options: CoreOptions) => Promise<LifecycleCore>
  startSandbox?: CoreOptions['startSandbox']
  /** `signupPreload`: the signup window's preload (out/preload/signup.cjs). */
  paths: { preload: string; signupPreload: string; rendererRoot: string; icon?: string | undefined }
  env: NodeJS.ProcessEnv
  /** process.versions.electron, process.platform, process.arch. */
  runtime: { electronVersion: string; platform: NodeJS.Platform; arch: string }
  /** Where startup failures go before the core's logger exists (default: stderr). */
  earlyLog?: Logger
}

const DIALOG_TITLE = 'WA Partner Console could not start'

/** What the user reads when the app cannot start: the AppError's message and fix, never a stack. */
export function startupErrorText(error: unknown): string {
  if (AppError.is(error))
    return error.fix ? `${error.message}\n\nWhat to do: ${error.fix}` : error.message
  const detail = error instanceof Error ? error.message : String(error)
  return `An unexpected error stopped the app: ${detail}\n\nThe log in the data folder has the details.`
}

/**
 * The Electron app from launch to exit: single instance, app:// scheme, core, security hooks, IPC
 * transport, main window; and on quit, the core closed before the process exits. If the core
 * cannot start, the user gets a dialog naming the problem and the fix, never a blank window.
 */
export function runElectronApp(electron: ElectronModules, options: LifecycleOptions): void {
  const { app } = electron
  // Privileges can only be granted before `ready`; `standard` gives app:// real origins and
  // relative URL resolution, `secure` makes it a secure context like https.
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the database; it is told (second-instance) and comes to the front.
    app.quit()
    return
  }

  const windows = new Set<AppWindow>()
  let starting: Promise<LifecycleCore | undefined> | undefined
  let core: LifecycleCore | undefined
  let log: Logger | undefined
  const earlyLog = options.earlyLog ?? createLogger({ level: 'error' })
  let detachTransport: (() => void) | undefined
  let closing = false
  let exitCode = 0

  const devUrl = app.isPackaged ? undefined : options.env.ELECTRON_RENDERER_URL
  const devServerOrigin = devServerOriginOf(devUrl)
  const entryUrl = devServerOrigin && devUrl ? devUrl : APP_ENTRY_URL

  let failed = false
  const fail = (error: unknown) => {
    ;(log ?? earlyLog).error('electron.startup-failed', { error })
    // One dialog is enough: a second failure while quitting would only stack boxes.
    if (failed) return
    failed = true
    electron.dialog.showErrorBox(DIALOG_TITLE, startupErrorText(error))
    exitCode = 1
    // With a core, quitting goes through before-quit, which closes it; without one, nothing to close.
    if (core) app.quit()
    else app.exit(1)
  }

  const openWindow = (): AppWindow | undefined => {
    const current = core
    if (!current || !log) return undefined
    const window = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      nativeTheme: electron.nativeTheme,
      preload: options.paths.preload,
      url: entryUrl,
      icon: options.paths.icon,
      onLoadFailed: (error) =>
        fail(
          new AppError('INTERNAL', `The app's window could not load ${entryUrl}.`, {
            fix: 'Rebuild the app (npm start builds it) and start it again.',
            cause: error,
          }),
        ),
      log,
    })
    windows.add(window)
    window.on('closed', () => windows.delete(window))
    window.webContents.once('did-finish-load', () => current.ready())
    return window
  }

  const start = async (): Promise<LifecycleCore | undefined> => {
    try {
      core = await options.createCore({
        runtime: 'electron',
        defaultDataDir: app.getPath('userData'),
        env: options.env,
        // `.env` is read from here: the checkout in development, the data folder when installed.
        cwd: app.isPackaged ? app.getPath('userData') : app.getAppPath(),
        ...(options.startSandbox === undefined ? {} : { startSandbox: options.startSandbox }),
      })
    } catch (error) {
      fail(error)
      return undefined
    }
    log = core.log.child({ component: 'electron' })
    electron.protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        root: options.paths.rendererRoot,
        ...(core.media ? { media: core.media.read } : {}),
      }),
    )
    const { router } = core
    // Embedded Signup runs in its own window with its own policy (Meta's hosts, the launcher).
    const signup = createSignupWindows({
      app,
      BrowserWindow: electron.BrowserWindow,
      session: electron.session,
      ipcMain: electron.ipcMain,
      preload: options.paths.signupPreload,
      openExternal: (url) => electron.shell.openExternal(url),
      submit: ({ state, code, events }) =>
        router.dispatch(
          'onboarding:submit-signup',
          { sessionId: state, code, events },
          { transport: 'electron' },
        ),
      log,
    })
    installSecurityHooks({
      app,
      defaultSession: electron.session.defaultSession,
      openExternal: (url) => electron.shell.openExternal(url),
      devServerOrigin,
      ownedElsewhere: (contents) => signup.owns(contents),
      log,
    })
    const detachIpc = attachIpcTransport({
      ipcMain: electron.ipcMain,
      router: openSignupWindowOnBegin(router, signup, log),
      events: core.events,
      isTrustedFrame: (frame) => isAppUrl(frame.url, devServerOrigin),
      // Only windows this module opened: any other window (a future signup popup) gets no events.
      getWebContents: () => [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
      log,
    })
    detachTransport = () => {
      detachIpc()
      signup.dispose()
    }
    openWindow()
    return core
  }

  app.on('second-instance', () => {
    const [window] = windows
    if (!window) return void openWindow()
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  // macOS apps stay alive with no window and reopen one from the dock.
  app.on('window-all-closed', () => {
    if (options.runtime.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (windows.size === 0) openWindow()
  })
  app.on('before-quit', (event) => {
    if (!starting) return
    event.preventDefault()
    if (closing) return
    closing = true
    // `core`, not what `starting` resolves to: a start that failed after creating the core
    // resolves to undefined but still has a core to close.
    void starting
      .then(async () => {
        detachTransport?.()
        await core?.close()
      })
      .catch((error: unknown) => {
        log?.error('electron.close-failed', { error })
        exitCode = exitCode || 1
      })
      .finally(() => app.exit(exitCode))
  })

  void app.whenReady().then(() => {
    starting = start().catch((error: unknown) => {
      fail(error)
      return undefined
    })
  })
}
