// Fakes of the Electron objects the adapters take, for unit tests (the Electron binary cannot run
// in CI). Each records what it was asked to do and emits events the way Electron does.
import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron'
import type { Result } from '@shared/contract'
import { createCoreEvents } from '../core-events'
import { silentLogger } from '../logger'
import { createRouter, type Handlers } from '../router'
import { stubHandlers } from '../test-support/stub-handlers'
import type { AppWindow, ElectronModules, LifecycleCore } from './app-lifecycle'
import type { InvokeEvent, IpcMainLike } from './ipc-transport'
import type { PermissionSession } from './security'

export class FakeApp extends EventEmitter {
  isPackaged = false
  hasLock = true
  isReady = false
  exitCode: number | undefined
  quits = 0
  private markReady: () => void = () => {}
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve))

  requestSingleInstanceLock() {
    return this.hasLock
  }
  whenReady() {
    return this.readyPromise
  }
  becomeReady() {
    this.isReady = true
    this.markReady()
  }
  getPath(_name: 'userData') {
    return '/home/u/.config/WA Partner Console'
  }
  getAppPath() {
    return '/repo'
  }
  /** Like Electron: before-quit first; the process ends only if nobody prevented it. */
  quit() {
    this.quits++
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) this.exitCode ??= 0
  }
  exit(code = 0) {
    this.exitCode ??= code
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = []
  destroyed = false
  isDestroyed() {
    return this.destroyed
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args])
  }
}

export class FakeWindow extends EventEmitter implements AppWindow {
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  shown = false
  minimized = false
  restored = false
  focused = false
  destroyed = false
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly failLoad = false,
  ) {
    super()
  }
  show() {
    this.shown = true
  }
  isDestroyed() {
    return this.destroyed
  }
  setBackgroundColor() {}
  loadURL(url: string) {
    this.loaded.push(url)
    return this.failLoad ? Promise.reject(new Error('ERR_FILE_NOT_FOUND')) : Promise.resolve()
  }
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.restored = true
  }
  focus() {
    this.focused = true
  }
  close() {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) {
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  async invoke(channel: string, event: InvokeEvent, message: unknown): Promise<Result<unknown>> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return (await handler(event, message)) as Result<unknown>
  }
}

export class FakeSession implements PermissionSession {
  requestHandlerSet = false
  checkHandlerSet = false
  cleared = 0
  async clearStorageData() {
    this.cleared++
  }
  setPermissionRequestHandler() {
    this.requestHandlerSet = true
  }
  setPermissionCheckHandler() {
    this.checkHandlerSet = true
  }
}

export function fakeElectron(options: { failLoad?: boolean; failProtocol?: boolean } = {}) {
  const app = new FakeApp()
  const windows: FakeWindow[] = []
  const schemes: CustomScheme[][] = []
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  const errorBoxes: { title: string; content: string }[] = []
  const defaultSession = new FakeSession()
  const partitions = new Map<string, FakeSession>()
  const ipcMain = new FakeIpcMain()
  const modules: ElectronModules = {
    app,
    protocol: {
      registerSchemesAsPrivileged: (list) => {
        // Electron ignores privileges granted after ready; the fake makes that an error.
        if (app.isReady) throw new Error('registerSchemesAsPrivileged after ready')
        schemes.push(list)
      },
      handle: (scheme, handler) => {
        if (options.failProtocol) throw new Error(`The scheme "${scheme}" is already handled`)
        protocolHandlers.set(scheme, handler)
      },
    },
    BrowserWindow: class extends FakeWindow {
      constructor(windowOptions: BrowserWindowConstructorOptions) {
        super(windowOptions, options.failLoad)
        windows.push(this)
      }
    },
    ipcMain,
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
    dialog: { showErrorBox: (title, content) => void errorBoxes.push({ title, content }) },
    shell: { openExternal: async () => {} },
    session: {
      get defaultSession() {
        if (!app.isReady) throw new Error('session.defaultSession read before ready')
        return defaultSession
      },
      fromPartition(partition: string) {
        if (!app.isReady) throw new Error('session.fromPartition called before ready')
        const existing = partitions.get(partition) ?? new FakeSession()
        partitions.set(partition, existing)
        return existing
      },
    },
  }
  return {
    modules,
    app,
    windows,
    schemes,
    protocolHandlers,
    errorBoxes,
    defaultSession,
    partitions,
    ipcMain,
  }
}

/** A core with the real router and events, recording the lifecycle calls made on it. */
export function fakeCore(options: { closeFails?: boolean; handlers?: Partial<Handlers> } = {}) {
  const handlers = stubHandlers({ 'secrets:status': async () => [], ...options.handlers })
  const calls = { ready: 0, close: 0 }
  const events = createCoreEvents(silentLogger)
  const core: LifecycleCore = {
    router: createRouter(handlers, silentLogger),
    events,
    log: silentLogger,
    ready: () => {
      calls.ready++
      events.emit('app:ready', { version: '0.1.0', mode: 'sandbox' })
    },
    close: async () => {
      calls.close++
      if (options.closeFails) throw new Error('disk gone')
    },
  }
  return { core, calls }
}

/** Lets every pending promise callback run (no timers involved). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
