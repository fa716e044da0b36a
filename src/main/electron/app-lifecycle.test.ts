import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IPC_EVENT, IPC_INVOKE } from '@shared/contract'
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import { AppError } from '@shared/contract/errors'
import type { CoreOptions } from '../core'
import { silentLogger } from '../logger'
import type { Handlers } from '../router'
import { runElectronApp, startupErrorText, type LifecycleCore } from './app-lifecycle'
import { CONTENT_SECURITY_POLICY } from './protocol'
import { fakeCore, fakeElectron, settle } from './test-fakes'

const runtime = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' } as const
const paths = {
  preload: '/repo/out/preload/index.cjs',
  signupPreload: '/repo/out/preload/signup.cjs',
  rendererRoot: '/repo/out/renderer',
}

function launch(
  setup: {
    packaged?: boolean
    env?: NodeJS.ProcessEnv
    platform?: NodeJS.Platform
    createCore?: (options: CoreOptions) => Promise<LifecycleCore>
    closeFails?: boolean
    handlers?: Partial<Handlers>
    rendererRoot?: string
    failLoad?: boolean
    failProtocol?: boolean
  } = {},
) {
  const electron = fakeElectron({
    failLoad: setup.failLoad ?? false,
    failProtocol: setup.failProtocol ?? false,
  })
  electron.app.isPackaged = setup.packaged ?? false
  const { core, calls } = fakeCore({
    closeFails: setup.closeFails ?? false,
    ...(setup.handlers ? { handlers: setup.handlers } : {}),
  })
  const coreOptions: CoreOptions[] = []
  runElectronApp(electron.modules, {
    createCore:
      setup.createCore ??
      (async (options) => {
        coreOptions.push(options)
        return core
      }),
    paths: { ...paths, rendererRoot: setup.rendererRoot ?? paths.rendererRoot },
    env: setup.env ?? {},
    runtime: { ...runtime, platform: setup.platform ?? 'linux' },
    earlyLog: silentLogger,
  })
  return { ...electron, core, calls, coreOptions }
}

async function launchReady(setup: Parameters<typeof launch>[0] = {}) {
  const launched = launch(setup)
  launched.app.becomeReady()
  await settle()
  return launched
}

describe('runElectronApp: before ready', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme before ready', () => {
    const { schemes } = launch()
    expect(schemes).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
    ])
  })

  it('quits at once, starting nothing, when another instance holds the lock', async () => {
    const electron = fakeElectron()
    electron.app.hasLock = false
    let created = 0
    runElectronApp(electron.modules, {
      createCore: async () => {
        created++
        return fakeCore().core
      },
      paths,
      env: {},
      runtime,
      earlyLog: silentLogger,
    })
    electron.app.becomeReady()
    await settle()
    expect(electron.app.quits).toBe(1)
    expect(created).toBe(0)
    expect(electron.windows).toEqual([])
  })
})

describe('runElectronApp: start', () => {
  it('creates the core for Electron, reading .env from the checkout in development', async () => {
    const { coreOptions } = await launchReady()
    expect(coreOptions).toHaveLength(1)
    expect(coreOptions[0]).toMatchObject({
      runtime: 'electron',
      defaultDataDir: '/home/u/.config/WA Partner Console',
      cwd: '/repo',
    })
  })

  it('reads .env from the data folder, and ignores a dev server URL, when packaged', async () => {
    const { coreOptions, windows } = await launchReady({
      packaged: true,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' },
    })
    expect(coreOptions[0]?.cwd).toBe('/home/u/.config/WA Partner Console')
    expect(windows[0]?.loaded).toEqual(['app://wapc/index.html'])
  })

  it('serves the renderer build over app:// with the CSP, and denies permissions', async () => {
    const rendererRoot = await mkdtemp(join(tmpdir(), 'wapc-renderer-'))
    try {
      await writeFile(join(rendererRoot, 'index.html'), '<!doctype html>')
      const { protocolHandlers, defaultSession } = await launchReady({ rendererRoot })
      const response = await protocolHandlers.get('app')!(new Request('app://wapc/index.html'))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect([defaultSession.requestHandlerSet, defaultSession.checkHandlerSet]).toEqual([
        true,
        true,
      ])
    } finally {
      await rm(rendererRoot, { recursive: true, force: true })
    }
  })

  it('opens the main window on the app URL with the preload, and attaches the IPC transport', async () => {
    const { ipcMain, windows } = await launchReady()
    expect(windows).toHaveLength(1)
    const [window] = windows
    expect(window?.loaded).toEqual(['app://wapc/index.html'])
    expect(window?.options.webPreferences).toMatchObject({ preload: paths.preload, sandbox: true })
    expect([...ipcMain.handlers.keys()].sort()).toEqual([IPC_INVOKE, IPC_SIGNUP_RESULT].sort())
    const event = { senderFrame: { url: 'app://wapc/index.html', parent: null } }
    expect(await ipcMain.invoke(IPC_INVOKE, event, { channel: 'secrets:status' })).toEqual({
      ok: true,
      value: [],
    })
  })

  it('tells the core it is ready only once the window has loaded, and the window hears it', async () => {
    const { calls, windows } = await launchReady()
    const [window] = windows
    expect(calls.ready).toBe(0)
    window!.webContents.emit('did-finish-load')
    expect(calls.ready).toBe(1)
    expect(window!.webContents.sent).toEqual([
      [IPC_EVENT, { event: 'app:ready', payload: { version: '0.1.0', mode: 'sandbox' } }],
    ])
  })

  it('loads the dev server in development and trusts IPC from its origin only', async () => {
    const { ipcMain, windows } = await launchReady({
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' },
    })
    expect(windows[0]?.loaded).toEqual(['http://localhost:5173/'])
    const from = (url: string) => ({ senderFrame: { url, parent: null } })
    const ok = await ipcMain.invoke(IPC_INVOKE, from('http://localhost:5173/'), {
      channel: 'secrets:status',
    })
    const other = await ipcMain.invoke(IPC_INVOKE, from('http://localhost:5174/'), {
      channel: 'secrets:status',
    })
    expect(ok.ok).toBe(true)
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('runElectronApp: Embedded Signup', () => {
  const launch = {
    sessionId: 'sess-0123456789',
    launcherUrl: 'http://127.0.0.1:4010/signup/launcher?state=sess-0123456789',
    launcherOrigin: 'http://127.0.0.1:4010',
    appId: '1234567890',
    configId: '9876543210',
    graphApiVersion: 'v25.0',
    mode: 'sandbox' as const,
    eventOrigins: ['http://127.0.0.1:4010'],
    clientId: null,
    expiresAt: '2026-03-02T10:10:00.000Z',
  }

  it("opens the signup window on begin-signup and hands the launcher's result to the core's submit", async () => {
    const submitted: unknown[] = []
    const { ipcMain, windows, partitions } = await launchReady({
      handlers: {
        'onboarding:begin-signup': async () => launch,
        'onboarding:submit-signup': async (input) => {
          submitted.push(input)
          return {
            outcome: 'cancelled',
            currentStep: 'PERMISSIONS',
            session: {
              id: input.sessionId,
              clientId: null,
              status: 'cancelled',
              createdAt: launch.expiresAt,
              updatedAt: launch.expiresAt,
              error: null,
              events: [],
            },
          }
        },
      },
    })
    const fromApp = { senderFrame: { url: 'app://wapc/index.html', parent: null } }
    const begun = await ipcMain.invoke(IPC_INVOKE, fromApp, {
      channel: 'onboarding:begin-signup',
      input: {},
    })
    expect(begun).toMatchObject({ ok: true, value: { sessionId: launch.sessionId } })
    expect(windows).toHaveLength(2)
    const signupWindow = windows[1]!
    expect(signupWindow.loaded).toEqual([launch.launcherUrl])
    expect(signupWindow.options.webPreferences).toMatchObject({
      preload: paths.signupPreload,
      partition: 'wapc-signup',
      sandbox: true,
    })

    const fromLauncher = {
      sender: signupWindow.webContents,
      senderFrame: { url: launch.launcherUrl, parent: null },
    }
    const reply = await ipcMain.invoke(IPC_SIGNUP_RESULT, fromLauncher, {
      state: launch.sessionId,
      code: null,
      events: [
        '{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"current_step":"PERMISSIONS"}}',
      ],
    })
    expect(reply).toEqual({ accepted: true })
    expect(submitted).toEqual([
      {
        sessionId: launch.sessionId,
        code: null,
        events: [
          '{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"current_step":"PERMISSIONS"}}',
        ],
      },
    ])
    expect(signupWindow.destroyed).toBe(true)
    await settle()
    // The client's Facebook session is forgotten with the window.
    expect(partitions.get('wapc-signup')?.cleared).toBe(1)
    // The signup window is not an app window: it never gets the app's push events.
    expect(signupWindow.webContents.sent).toEqual([])
  })

  it('lets no signup window call the app, and stops listening for results on quit', async () => {
    const { ipcMain, windows, app } = await launchReady({
      handlers: { 'onboarding:begin-signup': async () => launch },
    })
    const fromApp = { senderFrame: { url: 'app://wapc/index.html', parent: null } }
    await ipcMain.invoke(IPC_INVOKE, fromApp, { channel: 'onboarding:begin-signup' })
    const fromLauncher = { senderFrame: { url: launch.launcherUrl, parent: null } }
    expect(
      await ipcMain.invoke(IPC_INVOKE, fromLauncher, { channel: 'clients:list' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    app.quit()
    await settle()
    expect(ipcMain.handlers.has(IPC_SIGNUP_RESULT)).toBe(false)
    expect(windows[1]!.destroyed).toBe(true)
  })
})

describe('runElectronApp: startup failures', () => {
  it('shows the error and its fix, then exits 1, when the core cannot start', async () => {
    const { app, errorBoxes, windows } = await launchReady({
      createCore: async () => {
        throw new AppError('STORAGE', 'The database was written by a newer version of the app.', {
          fix: 'Install the latest version.',
        })
      },
    })
    expect(errorBoxes).toEqual([
      {
        title: 'WA Partner Console could not start',
        content:
          'The database was written by a newer version of the app.\n\nWhat to do: Install the latest version.',
      },
    ])
    expect(app.exitCode).toBe(1)
    expect(windows).toEqual([])
  })

  it('closes a core that started when the setup after it fails', async () => {
    const launched = await launchReady({ failProtocol: true })
    expect(launched.errorBoxes[0]?.content).toContain('already handled')
    expect(launched.calls.close).toBe(1)
    expect(launched.app.exitCode).toBe(1)
    expect(launched.windows).toEqual([])
  })

  it('reports a window that cannot load, closes the core and exits 1', async () => {
    const launched = await launchReady({ failLoad: true })
    expect(launched.errorBoxes[0]?.content).toMatch(/could not load app:\/\/wapc\/index\.html/)
    expect(launched.calls.close).toBe(1)
    expect(launched.app.exitCode).toBe(1)
  })
})

describe('runElectronApp: windows and quitting', () => {
  it('closes the core before exiting, once, however often quit is asked', async () => {
    const { app, calls, ipcMain } = await launchReady()
    app.quit()
    app.quit()
    expect(app.exitCode).toBeUndefined()
    await settle()
    expect(calls.close).toBe(1)
    expect(ipcMain.handlers.size).toBe(0)
    expect(app.exitCode).toBe(0)
  })

  it('waits for a core that is still starting before closing it', async () => {
    let finish: (core: LifecycleCore) => void = () => {}
    const { core, calls } = fakeCore()
    const launched = launch({ createCore: () => new Promise((resolve) => (finish = resolve)) })
    launched.app.becomeReady()
    await settle()
    launched.app.quit()
    await settle()
    expect(launched.app.exitCode).toBeUndefined()
    finish(core)
    await settle()
    expect(calls.close).toBe(1)
    expect(launched.app.exitCode).toBe(0)
  })

  it('exits 1 when closing the core fails', async () => {
    const { app } = await launchReady({ closeFails: true })
    app.quit()
    await settle()
    expect(app.exitCode).toBe(1)
  })

  it('quits when the last window closes, except on macOS, where the dock reopens one', async () => {
    const linux = await launchReady()
    linux.app.emit('window-all-closed')
    await settle()
    expect(linux.app.quits).toBe(1)

    const mac = await launchReady({ platform: 'darwin' })
    mac.windows[0]!.close()
    mac.app.emit('window-all-closed')
    expect(mac.app.quits).toBe(0)
    mac.app.emit('activate')
    expect(mac.windows).toHaveLength(2)
  })

  it('brings the existing window forward when a second instance starts', async () => {
    const { app, windows } = await launchReady()
    const [window] = windows
    window!.minimized = true
    app.emit('second-instance')
    expect([window!.restored, window!.focused]).toEqual([true, true])
    expect(windows).toHaveLength(1)
  })

  it('stops pushing events to a window once it is closed', async () => {
    const { core, windows } = await launchReady()
    const [window] = windows
    window!.close()
    core.events.emit('app:ready', { version: '0.1.0', mode: 'live' })
    expect(window!.webContents.sent).toEqual([])
  })
})

describe('startupErrorText', () => {
  it('gives an AppError message with its fix, or alone', () => {
    expect(startupErrorText(new AppError('CONFIG', 'Bad config.', { fix: 'Fix it.' }))).toBe(
      'Bad config.\n\nWhat to do: Fix it.',
    )
    expect(startupErrorText(new AppError('CONFIG', 'Bad config.'))).toBe('Bad config.')
  })

  it('points to the log for an unexpected error, without a stack trace', () => {
    const text = startupErrorText(new TypeError('x is undefined'))
    expect(text).toContain('x is undefined')
    expect(text).toContain('log')
    expect(text).not.toMatch(/\n\s+at /)
  })
})
