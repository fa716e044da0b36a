import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import type { Result } from '@shared/contract/result'
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import { silentLogger } from '../logger'
import type { NavigationEvent, PermissionSession } from './security'
import { SIGNUP_PARTITION, type SignupWindowOpenResponse } from './signup-policy'
import {
  createSignupWindows,
  type SignupDelivery,
  type SignupInvokeEvent,
  type SignupSession,
} from './signup-window'
import { settle } from './test-fakes'

const LAUNCHER = 'http://127.0.0.1:4010/signup/launcher?state=s-0123456789abcdef'
const LAUNCHER_ORIGIN = 'http://127.0.0.1:4010'
const STATE = 's-0123456789abcdef'

class FakeSession implements SignupSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] = null
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] = null
  cleared = 0
  setPermissionRequestHandler(handler: FakeSession['request']) {
    this.request = handler
  }
  setPermissionCheckHandler(handler: FakeSession['check']) {
    this.check = handler
  }
  async clearStorageData() {
    this.cleared++
  }
}

class FakeContents extends EventEmitter {
  windowOpen: ((details: { url: string }) => SignupWindowOpenResponse) | undefined
  destroyed = false
  constructor(readonly session: FakeSession) {
    super()
  }
  setWindowOpenHandler(handler: (details: { url: string }) => SignupWindowOpenResponse) {
    this.windowOpen = handler
  }
  isDestroyed() {
    return this.destroyed
  }
}

/** Emits `web-contents-created` while being constructed, as Electron does. */
function world(options: { failLoad?: boolean; submit?: Result<unknown> } = {}) {
  const app = new EventEmitter()
  const signupSession = new FakeSession()
  const windows: FakeWindow[] = []
  const submitted: SignupDelivery[] = []
  const opened: string[] = []
  const handlers = new Map<string, (event: SignupInvokeEvent, ...args: unknown[]) => unknown>()

  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeContents(signupSession)
    readonly loaded: string[] = []
    shown = false
    focused = 0
    destroyed = false
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super()
      windows.push(this)
      app.emit('web-contents-created', {}, this.webContents)
    }
    show() {
      this.shown = true
    }
    focus() {
      this.focused++
    }
    isDestroyed() {
      return this.destroyed
    }
    loadURL(url: string) {
      this.loaded.push(url)
      return options.failLoad
        ? Promise.reject(new Error('ERR_CONNECTION_REFUSED'))
        : Promise.resolve()
    }
    close() {
      if (this.destroyed) return
      this.destroyed = true
      this.webContents.destroyed = true
      this.emit('closed')
    }
  }

  const signup = createSignupWindows({
    app,
    BrowserWindow: FakeWindow,
    session: {
      fromPartition: (partition) => {
        if (partition !== SIGNUP_PARTITION) throw new Error(`unexpected partition ${partition}`)
        return signupSession
      },
    },
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    preload: '/repo/out/preload/signup.cjs',
    openExternal: async (url) => void opened.push(url),
    submit: async (delivery) => {
      submitted.push(delivery)
      return options.submit ?? { ok: true, value: { clientId: 'c1' } }
    },
    log: silentLogger,
  })

  /** Another WebContents in the signup session: a popup the launcher opened. */
  const popup = () => {
    const contents = new FakeContents(signupSession)
    app.emit('web-contents-created', {}, contents)
    return contents
  }

  const deliver = (
    payload: unknown,
    from: { sender?: unknown; url?: string; parent?: unknown } = {},
  ) => {
    const handler = handlers.get(IPC_SIGNUP_RESULT)
    if (!handler) throw new Error('no signup handler')
    const event: SignupInvokeEvent = {
      sender: from.sender ?? windows.at(-1)?.webContents,
      senderFrame: { url: from.url ?? LAUNCHER, parent: from.parent ?? null },
    }
    return handler(event, payload)
  }

  return { app, signup, signupSession, windows, submitted, opened, handlers, popup, deliver }
}

const navigation = (url: string) => {
  const event = { url, prevented: false, preventDefault: () => void (event.prevented = true) }
  return event satisfies NavigationEvent
}

const result = (state = STATE) => ({
  state,
  code: 'AQD-code',
  events: [
    '{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{"waba_id":"1","phone_number_id":"2","business_id":"3"}}',
  ],
})

describe('the signup window', () => {
  it('opens on the launcher, locked down, in its own in-memory session, with the signup preload', () => {
    const { signup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    expect(windows).toHaveLength(1)
    const [window] = windows
    expect(window!.loaded).toEqual([LAUNCHER])
    expect(window!.options.webPreferences).toMatchObject({
      preload: '/repo/out/preload/signup.cjs',
      partition: 'wapc-signup',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    })
    expect(SIGNUP_PARTITION.startsWith('persist:')).toBe(false)
    window!.emit('ready-to-show')
    expect(window!.shown).toBe(true)
  })

  it('refuses a launcher URL that is not http(s)', () => {
    const { signup, windows } = world()
    expect(() => signup.open({ url: 'file:///tmp/launcher.html', state: STATE })).toThrow(/http/)
    expect(windows).toEqual([])
  })

  it('focuses the open window for the same attempt, and replaces it for a new one', () => {
    const { signup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    signup.open({ url: LAUNCHER, state: STATE })
    expect(windows).toHaveLength(1)
    expect(windows[0]!.focused).toBe(1)
    signup.open({ url: LAUNCHER, state: 'another-state-0000' })
    expect(windows).toHaveLength(2)
    expect(windows[0]!.destroyed).toBe(true)
  })

  it('closes itself when the launcher cannot load', async () => {
    const { signup, windows } = world({ failLoad: true })
    signup.open({ url: LAUNCHER, state: STATE })
    await settle()
    expect(windows[0]!.destroyed).toBe(true)
  })

  it("forgets the client's Facebook session when the last signup window closes", async () => {
    const { signup, windows, signupSession } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    signup.open({ url: LAUNCHER, state: 'another-state-0000' })
    // The replaced window closed while the new one is using the session: nothing cleared yet.
    expect(signupSession.cleared).toBe(0)
    windows[1]!.close()
    await settle()
    expect(signupSession.cleared).toBe(1)
  })
})

describe('the signup policy on every contents of the signup session', () => {
  it('denies every permission request and check', () => {
    const { signup, signupSession } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    const answers: boolean[] = []
    signupSession.request?.({}, 'media', (granted) => answers.push(granted))
    signupSession.request?.({}, 'geolocation', (granted) => answers.push(granted))
    expect(answers).toEqual([false, false])
    expect(signupSession.check?.({}, 'clipboard-read')).toBe(false)
  })

  it("allows navigation only to Meta's exact hosts and the launcher's exact origin", () => {
    const { signup, windows, popup } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    for (const contents of [windows[0]!.webContents, popup()]) {
      for (const kind of ['will-navigate', 'will-redirect']) {
        const outcome = (url: string) => {
          const event = navigation(url)
          contents.emit(kind, event)
          return event.prevented ? 'blocked' : 'allowed'
        }
        expect(outcome('https://www.facebook.com/v25.0/dialog/oauth?client_id=1'), kind).toBe(
          'allowed',
        )
        expect(outcome('https://business.facebook.com/latest/whatsapp')).toBe('allowed')
        expect(outcome(`${LAUNCHER_ORIGIN}/v25.0/dialog/oauth?client_id=1`)).toBe('allowed')
        for (const url of [
          'https://evilfacebook.com/',
          'https://www.facebook.com.evil.example/',
          'https://evil.example/?next=https://www.facebook.com',
          'http://www.facebook.com/',
          'https://www.facebook.com:8443/',
          'https://user@www.facebook.com/',
          'http://127.0.0.1:4011/',
          'http://localhost:4010/',
          'https://127.0.0.1:4010/',
          'javascript:alert(1)',
          'file:///etc/passwd',
          'about:blank',
        ]) {
          expect(outcome(url), `${kind} ${url}`).toBe('blocked')
        }
      }
    }
  })

  it('knows only Meta once no signup is under way', () => {
    const { signup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    const contents = windows[0]!.webContents
    windows[0]!.close()
    const toLauncher = navigation(LAUNCHER)
    const toMeta = navigation('https://www.facebook.com/')
    contents.emit('will-navigate', toLauncher)
    contents.emit('will-navigate', toMeta)
    expect([toLauncher.prevented, toMeta.prevented]).toEqual([true, false])
  })

  it('opens Meta and launcher-origin popups as locked-down child windows without the preload', () => {
    const { signup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    const open = windows[0]!.webContents.windowOpen!
    for (const url of [
      'https://www.facebook.com/v25.0/dialog/oauth?client_id=1&config_id=2',
      `${LAUNCHER_ORIGIN}/v25.0/dialog/oauth?client_id=1&config_id=2`,
    ]) {
      const response = open({ url })
      expect(response.action, url).toBe('allow')
      const prefs =
        response.action === 'allow' ? response.overrideBrowserWindowOptions.webPreferences : {}
      expect(prefs).toMatchObject({
        partition: SIGNUP_PARTITION,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
      })
      expect(prefs).not.toHaveProperty('preload')
    }
  })

  it('sends other http(s) links to the system browser and drops everything else', async () => {
    const { signup, windows, opened } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    const open = windows[0]!.webContents.windowOpen!
    for (const url of [
      'https://www.whatsapp.com/legal/business-policy',
      'https://evilfacebook.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'about:blank',
    ]) {
      expect(open({ url }), url).toEqual({ action: 'deny' })
    }
    await settle()
    expect(opened).toEqual([
      'https://www.whatsapp.com/legal/business-policy',
      'https://evilfacebook.com/',
    ])
  })

  it('refuses webviews', () => {
    const { signup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    let prevented = false
    windows[0]!.webContents.emit('will-attach-webview', {
      preventDefault: () => (prevented = true),
    })
    expect(prevented).toBe(true)
  })

  it('leaves contents of other sessions (the app window) to the app policy', () => {
    const { app, signup } = world()
    const appContents = new FakeContents(new FakeSession())
    app.emit('web-contents-created', {}, appContents)
    expect(signup.owns(appContents)).toBe(false)
    expect(appContents.windowOpen).toBeUndefined()
    expect(appContents.listenerCount('will-navigate')).toBe(0)
  })
})

describe("the launcher's result", () => {
  it("is taken once from the window's top frame on the launcher origin, handed to the core, and the window closes", async () => {
    const { signup, windows, submitted, deliver } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    expect(await deliver(result())).toEqual({ accepted: true })
    expect(submitted).toEqual([result()])
    expect(windows[0]!.destroyed).toBe(true)
  })

  it('is refused from a popup, a subframe, another origin, or with another state', async () => {
    const { signup, submitted, deliver, popup, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    const refusals = [
      await deliver(result(), { sender: popup() }),
      await deliver(result(), { parent: { url: LAUNCHER } }),
      await deliver(result(), { url: 'https://www.facebook.com/v25.0/dialog/oauth' }),
      await deliver(result(), { url: 'http://127.0.0.1:4011/signup/launcher' }),
      await deliver(result('not-the-state-of-this-window')),
      await deliver({ code: 'no state' }),
      await deliver('{"state":"s-0123456789abcdef"}'),
    ]
    for (const reply of refusals) expect(reply).toMatchObject({ accepted: false })
    expect(submitted).toEqual([])
    expect(windows[0]!.destroyed).toBe(false)
  })

  it('is refused a second time, from a replaced window, and when no signup is open', async () => {
    const { signup, windows, submitted, deliver } = world()
    expect(await deliver(result())).toMatchObject({ accepted: false })
    signup.open({ url: LAUNCHER, state: STATE })
    const first = windows[0]!
    signup.open({ url: LAUNCHER, state: 'another-state-0000' })
    expect(await deliver(result(), { sender: first.webContents })).toMatchObject({
      accepted: false,
    })
    expect(await deliver(result('another-state-0000'))).toEqual({ accepted: true })
    expect(await deliver(result('another-state-0000'))).toMatchObject({ accepted: false })
    expect(submitted).toHaveLength(1)
  })

  it("passes the core's refusal back to the launcher and still closes the window", async () => {
    const { signup, windows, deliver } = world({
      submit: {
        ok: false,
        error: { code: 'VALIDATION', message: 'The signup has expired.', retryable: false },
      },
    })
    signup.open({ url: LAUNCHER, state: STATE })
    expect(await deliver(result())).toEqual({
      accepted: false,
      reason: 'The signup has expired.',
    })
    expect(windows[0]!.destroyed).toBe(true)
  })

  it('stops listening when disposed', () => {
    const { signup, handlers, windows } = world()
    signup.open({ url: LAUNCHER, state: STATE })
    signup.dispose()
    expect(handlers.has(IPC_SIGNUP_RESULT)).toBe(false)
    expect(windows[0]!.destroyed).toBe(true)
  })
})
