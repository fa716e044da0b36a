import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../logger'
import {
  devServerOriginOf,
  installSecurityHooks,
  isAppUrl,
  openExternalUrl,
  type NavigationEvent,
  type PermissionSession,
} from './security'

describe('isAppUrl', () => {
  it('accepts the app origin, whatever the path', () => {
    expect(isAppUrl('app://wapc/index.html')).toBe(true)
    expect(isAppUrl('app://wapc/')).toBe(true)
    expect(isAppUrl('app://wapc/settings?tab=keys#top')).toBe(true)
    // Chromium lowercases scheme and host of a standard scheme; these are the same origin.
    expect(isAppUrl('APP://WAPC/index.html')).toBe(true)
  })

  it('refuses look-alike hosts, ports and credentials', () => {
    expect(isAppUrl('app://wapc.evil/index.html')).toBe(false)
    expect(isAppUrl('app://evil.wapc/index.html')).toBe(false)
    expect(isAppUrl('app://wapcx/index.html')).toBe(false)
    expect(isAppUrl('app://wapc./index.html')).toBe(false)
    expect(isAppUrl('app://wapc:1/index.html')).toBe(false)
    expect(isAppUrl('app://user:pw@wapc/index.html')).toBe(false)
    expect(isAppUrl('app://evil@wapc/index.html')).toBe(false)
  })

  it('refuses other schemes', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'file:///etc/passwd',
      'file://server/share/x',
      'data:text/html,<script>alert(1)</script>',
      'blob:app://wapc/123',
      'https://wapc/index.html',
      'http://localhost:5173/',
      'about:blank',
      '\\\\server\\share\\index.html',
      '//wapc/index.html',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  it('refuses what is not a string', () => {
    expect(isAppUrl(undefined)).toBe(false)
    expect(isAppUrl(null)).toBe(false)
    expect(isAppUrl({ href: 'app://wapc/' })).toBe(false)
  })

  it('accepts the dev server origin only when given, and only exactly', () => {
    const dev = 'http://localhost:5173'
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5173/src/main.tsx')).toBe(false)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false)
    expect(isAppUrl('http://evil.localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('http://user@localhost:5173/', dev)).toBe(false)
  })
})

describe('devServerOriginOf', () => {
  it('takes the origin of an http(s) URL and ignores anything else', () => {
    expect(devServerOriginOf('http://localhost:5173/')).toBe('http://localhost:5173')
    expect(devServerOriginOf('https://127.0.0.1:9000/x/y')).toBe('https://127.0.0.1:9000')
    expect(devServerOriginOf(undefined)).toBeUndefined()
    expect(devServerOriginOf('')).toBeUndefined()
    expect(devServerOriginOf('file:///tmp/index.html')).toBeUndefined()
    expect(devServerOriginOf('nonsense')).toBeUndefined()
  })
})

describe('openExternalUrl', () => {
  const opener = () => {
    const opened: string[] = []
    return { opened, open: async (url: string) => void opened.push(url) }
  }

  it('opens http and https links, normalised', async () => {
    const { opened, open } = opener()
    expect(await openExternalUrl('https://developers.facebook.com/docs/whatsapp', open)).toEqual({
      opened: true,
      url: 'https://developers.facebook.com/docs/whatsapp',
    })
    await openExternalUrl('HTTP://Example.COM/a b', open)
    expect(opened).toEqual([
      'https://developers.facebook.com/docs/whatsapp',
      'http://example.com/a%20b',
    ])
  })

  it('refuses every other scheme without calling the opener', async () => {
    const { opened, open } = opener()
    for (const url of [
      'javascript:alert(1)',
      'jAvAsCrIpT:alert(1)',
      'file:///C:/Windows/System32/calc.exe',
      'file://server/share/payload.exe',
      'data:text/html,<h1>x</h1>',
      'app://wapc/index.html',
      'ms-settings:privacy',
      'smb://server/share',
      'mailto:a@b.c',
    ]) {
      const result = await openExternalUrl(url, open)
      expect(result.opened, url).toBe(false)
    }
    expect(opened).toEqual([])
  })

  it('refuses credentials, non-strings, relative and UNC-ish input', async () => {
    const { opened, open } = opener()
    for (const value of [
      'https://user:pass@example.com/',
      'https://user@example.com/',
      '\\\\server\\share\\x',
      '//example.com/x',
      '/relative/path',
      42,
      null,
      { toString: () => 'https://example.com' },
      `https://example.com/${'a'.repeat(5000)}`,
    ]) {
      expect((await openExternalUrl(value, open)).opened).toBe(false)
    }
    expect(opened).toEqual([])
  })

  it('reports an opener failure instead of throwing', async () => {
    const result = await openExternalUrl('https://example.com', () =>
      Promise.reject(new Error('no')),
    )
    expect(result).toEqual({ opened: false, reason: 'the system could not open it' })
  })
})

class FakeSession implements PermissionSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] = null
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] = null
  setPermissionRequestHandler(handler: FakeSession['request']) {
    this.request = handler
  }
  setPermissionCheckHandler(handler: FakeSession['check']) {
    this.check = handler
  }
}

class FakeContents extends EventEmitter {
  windowOpen: ((details: { url: string }) => { action: 'deny' }) | undefined
  constructor(readonly session: FakeSession) {
    super()
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.windowOpen = handler
  }
}

const navigation = (url: string) => {
  const event = { url, prevented: false, preventDefault: () => void (event.prevented = true) }
  return event satisfies NavigationEvent
}

function setup(devServerOrigin?: string) {
  const app = new EventEmitter()
  const defaultSession = new FakeSession()
  const opened: string[] = []
  installSecurityHooks({
    app,
    defaultSession,
    openExternal: async (url) => void opened.push(url),
    devServerOrigin,
    log: silentLogger,
  })
  const contents = new FakeContents(new FakeSession())
  app.emit('web-contents-created', {}, contents)
  return { defaultSession, contents, opened }
}

describe('installSecurityHooks', () => {
  it('denies every permission request and check but notifications for the app origin, on the default and per-contents sessions', () => {
    const { defaultSession, contents } = setup()
    for (const session of [defaultSession, contents.session]) {
      const answers: boolean[] = []
      const ask = (permission: string, requestingUrl?: string) =>
        session.request?.({}, permission, (granted) => answers.push(granted), { requestingUrl })
      ask('media', 'app://wapc/index.html')
      ask('clipboard-read', 'app://wapc/index.html')
      ask('notifications', 'app://wapc/index.html')
      ask('notifications', 'https://evil.example/')
      ask('notifications', 'app://wapc.evil/index.html')
      ask('notifications')
      expect(answers).toEqual([false, false, true, false, false, false])
      expect(session.check?.({}, 'clipboard-read', 'app://wapc')).toBe(false)
      expect(session.check?.({}, 'notifications', 'app://wapc')).toBe(true)
      expect(session.check?.({}, 'notifications', 'https://evil.example')).toBe(false)
      expect(session.check?.({}, 'notifications')).toBe(false)
    }
  })

  it('lets the dev server origin show notifications only when configured', () => {
    const withDev = setup('http://localhost:5173').defaultSession
    const withoutDev = setup().defaultSession
    expect(withDev.check?.({}, 'notifications', 'http://localhost:5173')).toBe(true)
    expect(withoutDev.check?.({}, 'notifications', 'http://localhost:5173')).toBe(false)
  })

  it('denies new windows and sends only http(s) links to the system browser', async () => {
    const { contents, opened } = setup()
    expect(contents.windowOpen?.({ url: 'https://business.facebook.com/' })).toEqual({
      action: 'deny',
    })
    expect(contents.windowOpen?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(contents.windowOpen?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    await new Promise((resolve) => setImmediate(resolve))
    expect(opened).toEqual(['https://business.facebook.com/'])
  })

  it('prevents navigation and redirects away from the app origin', () => {
    const { contents } = setup()
    for (const kind of ['will-navigate', 'will-redirect']) {
      const away = navigation('https://evil.example/')
      const lookalike = navigation('app://wapc.evil/index.html')
      const inside = navigation('app://wapc/index.html')
      contents.emit(kind, away)
      contents.emit(kind, lookalike)
      contents.emit(kind, inside)
      expect([away.prevented, lookalike.prevented, inside.prevented], kind).toEqual([
        true,
        true,
        false,
      ])
    }
  })

  it('allows the dev server origin only when configured', () => {
    const withDev = setup('http://localhost:5173').contents
    const withoutDev = setup().contents
    const a = navigation('http://localhost:5173/')
    const b = navigation('http://localhost:5173/')
    withDev.emit('will-navigate', a)
    withoutDev.emit('will-navigate', b)
    expect([a.prevented, b.prevented]).toEqual([false, true])
  })

  it('leaves contents another module owns to its policy, but still denies their permissions', () => {
    const app = new EventEmitter()
    const signupSession = new FakeSession()
    installSecurityHooks({
      app,
      defaultSession: new FakeSession(),
      openExternal: async () => {},
      ownedElsewhere: (contents) => contents.session === signupSession,
      log: silentLogger,
    })
    const owned = new FakeContents(signupSession)
    const appContents = new FakeContents(new FakeSession())
    app.emit('web-contents-created', {}, owned)
    app.emit('web-contents-created', {}, appContents)
    expect(owned.windowOpen).toBeUndefined()
    expect(owned.listenerCount('will-navigate')).toBe(0)
    expect(signupSession.check?.({}, 'media')).toBe(false)
    expect(signupSession.check?.({}, 'notifications', 'app://wapc')).toBe(false)
    expect(appContents.windowOpen).toBeDefined()
    expect(appContents.listenerCount('will-navigate')).toBe(1)
  })

  it('refuses to attach webviews', () => {
    const { contents } = setup()
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })
})
