import type { Logger } from '../logger'
import { APP_ORIGIN } from './protocol'

/**
 * True only for URLs whose origin is exactly the app's (`app://wapc`) or, in development, exactly
 * the dev server's. Origins are compared whole: `app://wapc.evil` or `http://localhost:5173.evil`
 * never pass, as they would with startsWith/endsWith on a hostname.
 */
export function isAppUrl(url: unknown, devServerOrigin?: string): boolean {
  if (typeof url !== 'string') return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username !== '' || parsed.password !== '') return false
  if (parsed.protocol === 'app:') {
    // `app` is a standard scheme in Chromium (host lowercased); Node keeps the case of
    // non-special hosts, so compare the way Chromium would see it.
    return `app://${parsed.host.toLowerCase()}` === APP_ORIGIN
  }
  return devServerOrigin !== undefined && parsed.origin === devServerOrigin
}

/**
 * The origin of an http(s) URL without credentials, else undefined: the dev server's
 * (`ELECTRON_RENDERER_URL`), the signup launcher's, or a page the signup window may show.
 */
export function httpOriginOf(value: string | undefined): string | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    if (url.username !== '' || url.password !== '') return undefined
    return url.origin
  } catch {
    return undefined
  }
}

/** An origin from a dev server URL (`ELECTRON_RENDERER_URL`), or undefined when it is not http(s). */
export const devServerOriginOf = httpOriginOf

export type OpenExternalResult = { opened: true; url: string } | { opened: false; reason: string }

/**
 * The only way a URL reaches `shell.openExternal`: http(s) only, no credentials, parsed and
 * re-serialised so the OS sees exactly what was checked. `javascript:`, `file:`, custom protocol
 * handlers (`ms-settings:`, `smb:`…) would otherwise run with the user's full rights.
 */
export async function openExternalUrl(
  value: unknown,
  open: (url: string) => Promise<void>,
): Promise<OpenExternalResult> {
  if (typeof value !== 'string' || value.length > 4096) {
    return { opened: false, reason: 'not a URL' }
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { opened: false, reason: 'not a URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { opened: false, reason: `scheme ${url.protocol} is not allowed` }
  }
  if (url.username !== '' || url.password !== '') {
    return { opened: false, reason: 'credentials in URL' }
  }
  if (url.hostname === '') return { opened: false, reason: 'no host' }
  try {
    await open(url.href)
    return { opened: true, url: url.href }
  } catch {
    return { opened: false, reason: 'the system could not open it' }
  }
}

export interface NavigationEvent {
  readonly url: string
  preventDefault(): void
}

export interface PermissionSession {
  setPermissionRequestHandler(
    handler:
      | ((
          contents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details?: { requestingUrl?: string },
        ) => void)
      | null,
  ): void
  setPermissionCheckHandler(
    handler: ((contents: unknown, permission: string, requestingOrigin?: string) => boolean) | null,
  ): void
}

/** The parts of a WebContents the hooks touch (Electron's WebContents satisfies it). */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  readonly session: PermissionSession
}

export interface SecurityApp {
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedContents) => void,
  ): unknown
}

export interface SecurityOptions {
  app: SecurityApp
  defaultSession: PermissionSession
  openExternal: (url: string) => Promise<void>
  devServerOrigin?: string | undefined
  /**
   * Contents another module guards with its own policy (the signup window's session, which must
   * reach Meta's hosts): these hooks leave them alone, except that permissions stay denied.
   */
  ownedElsewhere?: (contents: GuardedContents) => boolean
  log: Logger
}

const guardedSessions = new WeakSet<PermissionSession>()

/** Answers every permission request and check on a session with `allow` (once per session). */
function guardPermissions(
  session: PermissionSession,
  log: Logger,
  allow: (permission: string, url: string | undefined) => boolean,
): void {
  if (guardedSessions.has(session)) return
  guardedSessions.add(session)
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = allow(permission, details?.requestingUrl)
    if (!granted) log.warn('security.permission-denied', { permission })
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, origin) => allow(permission, origin))
}

/** Refuses every permission request and check on a session (once per session). */
export function denyAllPermissions(session: PermissionSession, log: Logger): void {
  guardPermissions(session, log, () => false)
}

/**
 * The only permission the app's own pages get: desktop notifications, one per new inbound
 * message (the renderer's Notification API). Any other origin, and every other permission, is
 * refused.
 */
export function appPermissions(
  session: PermissionSession,
  log: Logger,
  devServerOrigin?: string,
): void {
  guardPermissions(
    session,
    log,
    (permission, url) => permission === 'notifications' && isAppUrl(url, devServerOrigin),
  )
}

/**
 * Denies everything a page could use to leave the app: webviews, new windows (http(s) links go to
 * the system browser instead), navigation and redirects away from the app origin, and every
 * permission prompt but the app origin's notifications. Installed once, before the first window, on every WebContents ever created.
 */
export function installSecurityHooks(options: SecurityOptions): void {
  const { log, devServerOrigin } = options
  appPermissions(options.defaultSession, log, devServerOrigin)

  options.app.on('web-contents-created', (_event, contents) => {
    if (options.ownedElsewhere?.(contents)) {
      denyAllPermissions(contents.session, log)
      return
    }
    appPermissions(contents.session, log, devServerOrigin)
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
      log.warn('security.webview-denied')
    })
    contents.setWindowOpenHandler(({ url }) => {
      void openExternalUrl(url, options.openExternal).then((result) => {
        if (!result.opened) log.warn('security.open-external-refused', { reason: result.reason })
      })
      return { action: 'deny' }
    })
    const stayInApp = (kind: string) => (event: NavigationEvent) => {
      if (isAppUrl(event.url, devServerOrigin)) return
      event.preventDefault()
      log.warn('security.navigation-blocked', { kind, url: safeForLog(event.url) })
    }
    contents.on('will-navigate', stayInApp('navigate'))
    contents.on('will-redirect', stayInApp('redirect'))
  })
}

/** Origin and path only: query strings can carry tokens (OAuth codes) that must not be logged. */
export function safeForLog(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 200)
  } catch {
    return '(unparseable)'
  }
}
