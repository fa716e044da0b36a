import { AppError } from '@shared/contract/errors'
import type { DesktopFrame, RelayFrame } from '@shared/relay/protocol'
import type { Logger } from '../logger'

export type SignupResultFrame = Extract<RelayFrame, { type: 'signup-result' }>

/**
 * Embedded Signup through the relay, as the tunnel offers it (protocol in
 * src/shared/relay/protocol.ts, "Signup"): live mode's launcher page runs on the relay's public
 * origin, and the relay sends its result only to the desktop that registered the attempt's state.
 */
export interface SignupRelay {
  /**
   * Registers an attempt's state nonce with the relay, so the launcher's result comes back to this
   * desktop. Throws a CONFIG (no relay) or UNAVAILABLE (not connected) AppError with the fix. Kept
   * until `expiresAt` (epoch ms) and registered again after every reconnect (a restarted relay
   * forgets attempts).
   */
  registerSignup(state: string, expiresAt: number): void
  /** Every `signup-result` frame the relay sends (validated against the protocol's schema). */
  onSignupResult(listener: (frame: SignupResultFrame) => void): () => void
}

export interface SignupDesk extends SignupRelay {
  /** A connection was welcomed: open attempts are registered on it. */
  connected(send: (frame: DesktopFrame) => void): void
  disconnected(): void
  /** A `signup-result` frame arrived. */
  onFrame(frame: SignupResultFrame): void
  close(): void
}

/** The fix when the tunnel is down: the launcher's result could reach no one. */
export const TUNNEL_DOWN_FIX =
  'Check that the relay at RELAY_URL is running and that RELAY_TOKEN is one of its desktop tokens (the status bar shows the connection), then try again.'

export function createSignupDesk(log: Logger, relayUrl: string): SignupDesk {
  const open = new Map<string, number>()
  const listeners = new Set<(frame: SignupResultFrame) => void>()
  let send: ((frame: DesktopFrame) => void) | null = null
  const prune = () => {
    const now = Date.now()
    for (const [state, expiresAt] of open) if (expiresAt <= now) open.delete(state)
  }
  return {
    registerSignup(state, expiresAt) {
      if (!send) {
        throw new AppError(
          'UNAVAILABLE',
          `This desktop is not connected to the relay at ${relayUrl}, so the signup's result could not reach it.`,
          { fix: TUNNEL_DOWN_FIX },
        )
      }
      prune()
      open.set(state, expiresAt)
      send({ type: 'signup-session', state })
    },
    onSignupResult(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    connected(sender) {
      send = sender
      prune()
      for (const state of open.keys()) sender({ type: 'signup-session', state })
    },
    disconnected() {
      send = null
    },
    onFrame(frame) {
      // The relay hands a result out once; the attempt is over either way.
      open.delete(frame.state)
      for (const listener of listeners) {
        try {
          listener(frame)
        } catch (error) {
          log.error('tunnel.signup-listener-failed', { error })
        }
      }
    },
    close() {
      send = null
      open.clear()
      listeners.clear()
    },
  }
}
