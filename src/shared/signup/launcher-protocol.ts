/**
 * How the Embedded Signup launcher page hands its result to the desktop. Dependency-free: the
 * launcher page, the renderer, the signup window's sandboxed preload and the core all use it.
 *
 * - Browser mode: the console page opens the launcher in a popup with `opener=<console origin>`;
 *   the launcher posts the message to `window.opener` with exactly that target origin. The
 *   renderer accepts it only from `launcherOrigin` (from `onboarding:begin-signup`) and only when
 *   `state` is the session id it began, then calls `onboarding:submit-signup`.
 * - Electron: the signup window loads the launcher without `opener`; the launcher posts the
 *   message to its own window (`window.postMessage(message, location.origin)`), where the
 *   window's preload (isolated world) checks the origin and forwards it to main.
 */
export const SIGNUP_RESULT_TYPE = 'WAPC_SIGNUP_RESULT'

/** Path of the launcher page on the origin that serves it (the sandbox, or the relay at SIGNUP_ORIGIN). */
export const LAUNCHER_PATH = '/signup/launcher'

export interface SignupResultMessage {
  type: typeof SIGNUP_RESULT_TYPE
  /** The session id given to the launcher as `state`. */
  state: string
  /** `authResponse.code` from FB.login's callback, or null (cancelled, closed, blocked popup). */
  code: string | null
  /** Every `WA_EMBEDDED_SIGNUP` message-event `data` the launcher accepted, as received. */
  events: unknown[]
}

/** Query parameters of the launcher URL. */
export interface LauncherParams {
  /** The signup session id, echoed back as `state`. */
  state: string
  appId: string
  configId: string
  /** Graph API version for FB.init, e.g. v25.0. */
  version: string
  /** `whatsapp_business_app_onboarding` for coexistence, else absent. */
  featureType?: string
  /** Browser mode: the console page's origin to post the result to. */
  opener?: string
}

export function launcherUrl(origin: string, params: LauncherParams): string {
  const url = new URL(LAUNCHER_PATH, origin)
  url.searchParams.set('state', params.state)
  url.searchParams.set('app_id', params.appId)
  url.searchParams.set('config_id', params.configId)
  url.searchParams.set('version', params.version)
  if (params.featureType) url.searchParams.set('feature_type', params.featureType)
  if (params.opener) url.searchParams.set('opener', params.opener)
  return url.toString()
}

/** Narrows an untrusted `message` event's data to a launcher result (shape only; check origin and state too). */
export function isSignupResultMessage(data: unknown): data is SignupResultMessage {
  if (typeof data !== 'object' || data === null) return false
  const m = data as Record<string, unknown>
  return (
    m.type === SIGNUP_RESULT_TYPE &&
    typeof m.state === 'string' &&
    (m.code === null || typeof m.code === 'string') &&
    Array.isArray(m.events)
  )
}
