import type { BrowserWindowConstructorOptions } from 'electron'
import type { Logger } from '../logger'

/** Painted before the renderer's first frame; matches the renderer's page background per theme. */
export const BACKGROUND = { dark: '#111b21', light: '#f0f2f5' } as const

export const backgroundFor = (dark: boolean): string => (dark ? BACKGROUND.dark : BACKGROUND.light)

/** Every renderer-facing switch locked down: the app window and the signup window both use it. */
export const LOCKED_DOWN = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const satisfies BrowserWindowConstructorOptions['webPreferences']

export interface MainWindowSpec {
  preload: string
  dark: boolean
  /** Window icon; only Linux uses it (macOS and Windows take the packaged app's icon). */
  icon?: string | undefined
}

/** The main window's options: every renderer-facing switch locked down. */
export function mainWindowOptions(spec: MainWindowSpec): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'WA Partner Console',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: backgroundFor(spec.dark),
    ...(spec.icon === undefined ? {} : { icon: spec.icon }),
    webPreferences: { ...LOCKED_DOWN, preload: spec.preload, spellcheck: false },
  }
}

/** The parts of a BrowserWindow this module drives (Electron's BrowserWindow satisfies it). */
export interface WindowLike {
  once(event: 'ready-to-show', listener: () => void): unknown
  on(event: 'closed', listener: () => void): unknown
  show(): void
  isDestroyed(): boolean
  setBackgroundColor(color: string): void
  loadURL(url: string): Promise<void>
}

export interface ThemeSource {
  readonly shouldUseDarkColors: boolean
  on(event: 'updated', listener: () => void): unknown
  removeListener(event: 'updated', listener: () => void): unknown
}

export interface CreateWindowOptions<W extends WindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W
  nativeTheme: ThemeSource
  preload: string
  /** `app://wapc/index.html`, or the dev server's URL in development. */
  url: string
  icon?: string | undefined
  /** Called when the page cannot load at all (missing build, dev server down). */
  onLoadFailed: (error: unknown) => void
  log: Logger
}

export function createMainWindow<W extends WindowLike>(options: CreateWindowOptions<W>): W {
  const { nativeTheme, log } = options
  const window = new options.BrowserWindow(
    mainWindowOptions({
      preload: options.preload,
      dark: nativeTheme.shouldUseDarkColors,
      icon: options.icon,
    }),
  )
  window.once('ready-to-show', () => window.show())

  const followTheme = () => {
    if (!window.isDestroyed())
      window.setBackgroundColor(backgroundFor(nativeTheme.shouldUseDarkColors))
  }
  nativeTheme.on('updated', followTheme)
  window.on('closed', () => nativeTheme.removeListener('updated', followTheme))

  window.loadURL(options.url).catch((error: unknown) => {
    // ready-to-show never fires for a page that did not load: without this the app would run
    // with no visible window at all.
    log.error('window.load-failed', { url: options.url, error })
    options.onLoadFailed(error)
  })
  return window
}
