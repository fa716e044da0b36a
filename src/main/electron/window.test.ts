import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../logger'
import {
  BACKGROUND,
  createMainWindow,
  mainWindowOptions,
  type ThemeSource,
  type WindowLike,
} from './window'

class FakeWindow extends EventEmitter implements WindowLike {
  shown = false
  destroyed = false
  background: string
  loaded: string[] = []
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super()
    this.background = options.backgroundColor ?? ''
  }
  show() {
    this.shown = true
  }
  isDestroyed() {
    return this.destroyed
  }
  setBackgroundColor(color: string) {
    this.background = color
  }
  loadURL(url: string) {
    this.loaded.push(url)
    return Promise.resolve()
  }
}

class FakeTheme extends EventEmitter implements ThemeSource {
  shouldUseDarkColors = false
}

function open(theme = new FakeTheme(), onLoadFailed: (error: unknown) => void = () => {}) {
  const window = createMainWindow({
    BrowserWindow: FakeWindow,
    nativeTheme: theme,
    preload: '/app/out/preload/index.cjs',
    url: 'app://wapc/index.html',
    onLoadFailed,
    log: silentLogger,
  })
  return { window, theme }
}

describe('mainWindowOptions', () => {
  it('locks down every renderer-facing switch', () => {
    const { webPreferences } = mainWindowOptions({ preload: '/p/index.cjs', dark: false })
    expect(webPreferences).toMatchObject({
      preload: '/p/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    })
  })

  it('starts hidden, with a usable minimum size and the theme background', () => {
    const light = mainWindowOptions({ preload: '/p', dark: false })
    const dark = mainWindowOptions({ preload: '/p', dark: true })
    expect(light.show).toBe(false)
    expect(light.minWidth).toBeGreaterThanOrEqual(800)
    expect(light.minHeight).toBeGreaterThanOrEqual(500)
    expect(light.width).toBeGreaterThanOrEqual(light.minWidth ?? 0)
    expect(light.backgroundColor).toBe(BACKGROUND.light)
    expect(dark.backgroundColor).toBe(BACKGROUND.dark)
  })

  it('sets an icon only when given one', () => {
    expect('icon' in mainWindowOptions({ preload: '/p', dark: false })).toBe(false)
    expect(mainWindowOptions({ preload: '/p', dark: false, icon: '/i.png' }).icon).toBe('/i.png')
  })
})

describe('createMainWindow', () => {
  it('loads the app URL and shows the window only when ready to show', () => {
    const { window } = open()
    expect(window.loaded).toEqual(['app://wapc/index.html'])
    expect(window.options.webPreferences?.preload).toBe('/app/out/preload/index.cjs')
    expect(window.shown).toBe(false)
    window.emit('ready-to-show')
    expect(window.shown).toBe(true)
  })

  it('follows the system theme for its background, and stops when closed', () => {
    const theme = new FakeTheme()
    theme.shouldUseDarkColors = true
    const { window } = open(theme)
    expect(window.background).toBe(BACKGROUND.dark)
    theme.shouldUseDarkColors = false
    theme.emit('updated')
    expect(window.background).toBe(BACKGROUND.light)
    window.emit('closed')
    expect(theme.listenerCount('updated')).toBe(0)
  })

  it('reports a page that cannot load instead of leaving an invisible app', async () => {
    const failure = new Error('ERR_FILE_NOT_FOUND')
    let reported: (error: unknown) => void = () => {}
    const failed = new Promise((resolve) => (reported = resolve))
    createMainWindow({
      BrowserWindow: class extends FakeWindow {
        override loadURL(url: string) {
          this.loaded.push(url)
          return Promise.reject(failure)
        }
      },
      nativeTheme: new FakeTheme(),
      preload: '/p',
      url: 'app://wapc/index.html',
      onLoadFailed: (error) => reported(error),
      log: silentLogger,
    })
    expect(await failed).toBe(failure)
  })
})
