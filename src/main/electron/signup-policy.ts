import type { BrowserWindowConstructorOptions } from 'electron'
import { isMetaOrigin } from '@shared/whatsapp/es-events'
import type { Logger } from '../logger'
import {
  denyAllPermissions,
  httpOriginOf,
  openExternalUrl,
  safeForLog,
  type NavigationEvent,
  type PermissionSession,
} from './security'
import { LOCKED_DOWN } from './window'

/**
 * The signup window's own session. No `persist:` prefix: it lives in memory, so the client's
 * Facebook login (cookies, storage) never outlives the app and never mixes with the console's.
 */
export const SIGNUP_PARTITION = 'wapc-signup'

/**
 * Where the signup window and its popups may be: Meta's exact https hosts (the ones ES message
 * events come from, see isMetaOrigin), or exactly the launcher's origin — the partner's
 * SIGNUP_ORIGIN in live mode, the embedded sandbox in sandbox mode, whose fake SDK opens its ES
 * dialog on that same origin. Hosts are compared whole: never `endsWith('facebook.com')`, which
 * also accepts evilfacebook.com (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation).
 */
export function isSignupUrlAllowed(url: unknown, launcherOrigin: string | undefined): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false
  const origin = httpOriginOf(url)
  if (origin === undefined) return false
  return isMetaOrigin(origin) || origin === launcherOrigin
}

/** The origin a launcher URL is served from, or undefined when it is not an http(s) URL. */
export const launcherOriginOf = httpOriginOf

const lockedDown = { ...LOCKED_DOWN, partition: SIGNUP_PARTITION } as const

/** The signup window: its own in-memory session, sandboxed, and the one-function signup preload. */
export function signupWindowOptions(spec: { preload: string }): BrowserWindowConstructorOptions {
  return {
    width: 760,
    height: 820,
    minWidth: 480,
    minHeight: 560,
    title: 'Connect a WhatsApp Business account',
    show: false,
    autoHideMenuBar: true,
    webPreferences: { ...lockedDown, preload: spec.preload },
  }
}

/**
 * Popups (FB.login opens the ES dialog in one): same session and lock-down, no preload. Only the
 * signup window's own top frame may deliver a result; main checks the sender, not just the URL.
 */
export function signupPopupOptions(): BrowserWindowConstructorOptions {
  return { autoHideMenuBar: true, webPreferences: { ...lockedDown } }
}

export type SignupWindowOpenResponse =
  | { action: 'deny' }
  | { action: 'allow'; overrideBrowserWindowOptions: BrowserWindowConstructorOptions }

/** The parts of a WebContents in the signup session that the guard touches. */
export interface SignupContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => SignupWindowOpenResponse): void
  readonly session: PermissionSession
}

export interface SignupGuardOptions {
  /** The current launcher's origin; undefined when no signup is under way (then only Meta). */
  launcherOrigin: () => string | undefined
  openExternal: (url: string) => Promise<void>
  log: Logger
}

/**
 * Installed on every WebContents of the signup session (the window and each popup): navigation,
 * redirects and popups only to allowed URLs; popups become child windows with the same guard;
 * anything else http(s) goes to the system browser (Meta's help and policy links), the rest is
 * dropped; webviews and permission prompts are refused.
 */
export function guardSignupContents(contents: SignupContents, options: SignupGuardOptions): void {
  const { log } = options
  denyAllPermissions(contents.session, log)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log.warn('signup.webview-denied')
  })
  const stayOnAllowedHosts = (kind: string) => (event: NavigationEvent) => {
    if (isSignupUrlAllowed(event.url, options.launcherOrigin())) return
    event.preventDefault()
    log.warn('signup.navigation-blocked', { kind, url: safeForLog(event.url) })
  }
  contents.on('will-navigate', stayOnAllowedHosts('navigate'))
  contents.on('will-redirect', stayOnAllowedHosts('redirect'))
  contents.setWindowOpenHandler(({ url }) => {
    if (isSignupUrlAllowed(url, options.launcherOrigin())) {
      return { action: 'allow', overrideBrowserWindowOptions: signupPopupOptions() }
    }
    void openExternalUrl(url, options.openExternal).then((result) => {
      if (!result.opened) log.warn('signup.popup-refused', { reason: result.reason })
    })
    return { action: 'deny' }
  })
}
